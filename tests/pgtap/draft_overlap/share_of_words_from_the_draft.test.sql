-- draft_overlap: the share of a text's words that lie in a word trigram the draft also has.
begin;
select plan(10);

select is(
    app.draft_overlap('The Tower speaks of sudden change.', 'The Tower speaks of sudden change.'),
    1::real, 'a text copied whole is all draft'
);
select is(
    app.draft_overlap('The Tower: SUDDEN change, speaks of', 'the tower sudden change speaks of'),
    1::real, 'case and punctuation do not hide copying'
);
select is(
    app.draft_overlap('Love is near for you this spring.', 'The Tower speaks of sudden change.'),
    0::real, 'a text of its own owes the draft nothing'
);
select is(
    app.draft_overlap(
        'The Tower speaks of sudden change. I see a calm summer ahead.',
        'The Tower speaks of sudden change. Expect upheaval.'
    ),
    0.5::real, 'half the words copied in runs of three is half draft'
);
select is(
    app.draft_overlap('of the and in of the and in', 'the cat of a and dog in'),
    0::real, 'common words shared one by one do not count as copying'
);
select is(
    app.draft_overlap('البرجُ يدلُّ على تغييرٍ مفاجئ', 'البرج يدل على تغيير مفاجئ في حياتك'),
    1::real, 'Arabic diacritics do not hide copying'
);
select is(
    app.draft_overlap('نعم تماما', 'قلت نعم تماما'),
    1::real, 'a text of one or two words compares single words'
);
select is(
    app.draft_overlap('The Tower speaks of sudden change.', ''),
    0::real, 'an empty draft gives nothing'
);
select is(app.draft_overlap('  ...  ', 'anything'), null, 'a text without words has no overlap');
select is(app.draft_overlap(null, 'anything'), null, 'no text, no overlap');

select * from finish();
rollback;
