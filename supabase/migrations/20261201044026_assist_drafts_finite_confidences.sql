-- AI assist drafts: a confidence is a number. double precision also holds Infinity, -Infinity
-- and NaN, which a chat endpoint's log-probabilities can produce (JSON parsers accept them);
-- such a value cannot be written as JSON, so a draft carrying one broke the answers that show
-- it. PostgreSQL orders NaN above Infinity, so "between the infinities" leaves all three out.

alter table app.assist_drafts
add constraint assist_drafts_confidence_finite check (
    confidence > '-Infinity'::float8 and confidence < 'Infinity'::float8
),
add constraint assist_drafts_sample_confidences_finite check (
    '-Infinity'::float8 < all(sample_confidences)
    and 'Infinity'::float8 > all(sample_confidences)
);
