from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        # Reviewers and advisors may view the applications they work on; applications never
        # imports reviews, so reviews registers its predicates there.
        from applications.permissions import EXTRA_VIEWERS

        from .permissions import is_advisor_of, is_assigned_reviewer

        for predicate in (is_assigned_reviewer, is_advisor_of):
            if predicate not in EXTRA_VIEWERS:
                EXTRA_VIEWERS.append(predicate)
