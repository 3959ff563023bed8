-- Optional profile details the complete_profile form collects; readings use them.
-- Users write them through public.complete_profile (column grants in sql/policies/profiles.sql).

alter table app.profiles
add column gender text check (gender in ('female', 'male', 'other', 'undisclosed')),
add column marital_status text check (
    marital_status in ('single', 'engaged', 'married', 'separated', 'divorced', 'widowed', 'other')
),
add column birth_time time without time zone,
add column birth_place text check (char_length(birth_place) between 1 and 200);

comment on column app.profiles.birth_time is 'Local time of birth, when known (astrology).';
comment on column app.profiles.birth_place is 'Free-text place of birth, when known (astrology).';
