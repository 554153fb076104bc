from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

# The models of the guideline data (`competencies.content`): any change to one makes what is
# kept from them out of date.
CONTENT_MODELS = (
    "Association",
    "Edition",
    "Category",
    "Domain",
    "Area",
    "Statement",
    "GlossaryTerm",
    "RequirementRule",
)


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = "Competency guidelines"

    def ready(self):
        from . import content, rules, services

        rules.set_rule_provider(services.rules_for)
        for name in CONTENT_MODELS:
            model = self.get_model(name)
            for signal in (post_save, post_delete):
                signal.connect(
                    content.content_changed, sender=model, dispatch_uid=f"guideline-content-{name}"
                )
