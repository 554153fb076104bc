"""One way to write a date in Spanish, in every page and email: "1 de diciembre de 2026", the
same one style as English ("December 1, 2026", endorsement/formats/en/).

Our Spanish readers live in the United States: they read times on the 12-hour clock
("11:30 p. m.", as US Spanish-language media write it), and numbers as the rest of the country
writes them, with a decimal point and a thousands comma — 27.5 clock hours, 1,200 hours — not
Spain's "27,5" and "1 200". Dates typed into a form read month first (03/04/2026 is March 4), as
on every other US form; date inputs send ISO dates anyway.
"""

DATE_FORMAT = r"j \d\e F \d\e Y"
TIME_FORMAT = "g:i a"
DATETIME_FORMAT = r"j \d\e F \d\e Y, g:i a"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = r"j \d\e F"
YEAR_MONTH_FORMAT = r"F \d\e Y"
FIRST_DAY_OF_WEEK = 0  # Sunday, as US calendars show it

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
