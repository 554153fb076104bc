class FactsError(ValueError):
    """The facts are malformed; `field` names the offending one, e.g. ``training[3].hours``."""

    def __init__(self, field, message):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class RuleError(ValueError):
    """An edition's rule data is malformed, or names an unknown edition or category."""

    def __init__(self, message, field=None):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)
