-- app.normalise_search_text: the one normalisation of indexed chunks and of queries.
begin;
select plan(10);

select is(
    app.normalise_search_text('الحُبُّ وَالسَّلامُ'), 'الحب السلام',
    'diacritics are stripped, and و before ال'
);
select is(app.normalise_search_text('بـــطاقة'), 'بطاقه', 'tatweel is stripped (and ة becomes ه)');
select is(
    app.normalise_search_text('أبراج إبراهيم آمنة ٱلبرج'), 'ابراج ابراهيم امنه البرج',
    'the alef forms become a bare alef'
);
select is(app.normalise_search_text('مستشفى'), 'مستشفي', 'ى becomes ي');
select is(app.normalise_search_text('فالبرج'), 'البرج', 'a leading ف before ال is stripped');
select is(
    app.normalise_search_text('والد والي'), 'والد والي',
    'و stays when fewer than two letters follow ال (والد is a word of its own)'
);
select is(
    app.normalise_search_text('The  TOWER' || chr(10) || 'card'), 'the tower card',
    'Latin letters are lower-cased and white space squeezed'
);
select is(app.normalise_search_text(null), null, 'null stays null');

select tests.create_user('rita', 'reader');
select app.kb_add_document(
    'doc', 'ar', 'test', 'test', 'وَالأَبْرَاجُ', 'test-model',
    '[{"text": "وَالأَبْرَاجُ", "embedding": [1, 0]}]'
);
select is(
    (select c.text_normalised from app.kb_chunks as c where c.text = 'وَالأَبْرَاجُ'),
    'الابراج',
    'a chunk''s normalised text is derived by its trigger'
);

select tests.authenticate_as('rita');
select is(
    (select count(*)::integer from app.kb_search('الأبراج', null, null, null, 5)),
    1,
    'a query in another spelling finds it through the same normalisation'
);

select * from finish();
rollback;
