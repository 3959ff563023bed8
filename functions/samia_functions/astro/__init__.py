"""Astro readings: where and when a client was born, and the natal chart computed from it.

`gazetteer` finds cities by Arabic or English name, `birth_moment` turns a local birth date
and time at a place into UTC with the IANA offset of that day, `chart` computes the natal
chart with ephem, and `order` is the glue of the create_astro_order function. Who may order,
and how many, is the database's business (public.create_astro_order).
"""
