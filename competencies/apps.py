from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = "Competency guidelines"

    def ready(self):
        from . import rules, services

        rules.set_rule_provider(services.rules_for)
