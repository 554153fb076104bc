"""One way to write a date in English, in every page and email: "December 1, 2026".

Templates use `|date` (DATE_FORMAT) or `|date:"DATETIME_FORMAT"`, never a format of their own;
form inputs keep ISO dates, which the browser shows in the reader's own way.
"""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, g:i A"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
