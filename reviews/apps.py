from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        # Reviewers and advisors may view the applications they work on; applications never
        # imports reviews, so reviews registers its predicates there.
        from applications.permissions import EXTRA_RATING_READERS, EXTRA_VIEWERS

        from .permissions import is_advisor_of, is_assigned_reviewer

        for predicate in (is_assigned_reviewer, is_advisor_of):
            if predicate not in EXTRA_VIEWERS:
                EXTRA_VIEWERS.append(predicate)
        if is_assigned_reviewer not in EXTRA_RATING_READERS:
            EXTRA_RATING_READERS.append(is_assigned_reviewer)

        # Change requests first, at the top of the applicant's pages; then the conversation.
        from applications.panels import APPLICATION_PANELS

        from .panels import change_requests_panel, thread_panel

        for provider in (change_requests_panel, thread_panel):
            if provider not in APPLICATION_PANELS:
                APPLICATION_PANELS.append(provider)
