from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        # Reviewers and advisors may view the applications they work on; applications never
        # imports reviews, so reviews registers its predicates there.
        from applications.permissions import EXTRA_RATING_READERS, EXTRA_VIEWERS

        from .permissions import is_advisor_of, is_assigned_reviewer

        for predicate in (is_assigned_reviewer, is_advisor_of):
            EXTRA_VIEWERS.register(predicate)
        EXTRA_RATING_READERS.register(is_assigned_reviewer)

        # Change requests first, at the top of the applicant's pages; then the conversation.
        from applications.panels import APPLICATION_PANELS

        from .panels import change_requests_panel, thread_panel

        for provider in (change_requests_panel, thread_panel):
            APPLICATION_PANELS.register(provider)

        from django.db.models.signals import post_delete, post_save

        from .models import FEE_SCHEDULES, OPEN_REVIEWS, FeeSchedule, ReviewerAssignment

        # What is kept of fee schedules and of the open reviews ends with every saved or deleted row.
        for generation, model in ((FEE_SCHEDULES, FeeSchedule), (OPEN_REVIEWS, ReviewerAssignment)):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                uid = f"reviews.{generation.name}-{name}"
                signal.connect(generation.changed, sender=model, dispatch_uid=uid)
