"""Council tax (England): the bill calculator, the instalment rules and the residents' requests.

Pure domain code: no Qt, no network. Screens, the ``kiosk counciltax`` command
and the council service all use these same functions, so they give the same figures.
"""
