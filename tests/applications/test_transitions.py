"""The transitions table is the design's lifecycle, and refuses with a sentence that says why."""

from applications import transitions
from applications.models import Application

S = Application.Status


def test_the_table_moves_an_application_exactly_along_the_designed_lifecycle():
    edges = {
        (source, action.target)
        for action in transitions.ACTIONS.values()
        if action.target
        for source in action.sources
    }
    open_states = [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.EXAM_PENDING]
    assert edges == {
        (S.DRAFT, S.SUBMITTED),
        (S.CHANGES_REQUESTED, S.SUBMITTED),
        (S.SUBMITTED, S.IN_REVIEW),
        (S.IN_REVIEW, S.CHANGES_REQUESTED),
        (S.IN_REVIEW, S.EXAM_PENDING),
        (S.EXAM_PENDING, S.IN_REVIEW),
        (S.IN_REVIEW, S.APPROVED),
        (S.IN_REVIEW, S.DENIED),
        *((state, S.WITHDRAWN) for state in open_states),
    }


def test_a_decided_application_allows_nothing_but_fees_and_comments():
    for status in (S.APPROVED, S.DENIED):
        assert transitions.allowed_actions(Application(status=status)) == {"record_fee", "comment"}
    assert transitions.allowed_actions(Application(status=S.WITHDRAWN)) == set()


def test_a_refusal_names_the_current_status_and_an_allowed_action_has_none():
    application = Application(status=S.DRAFT)
    assert transitions.refusal(application, "submit") is None
    assert transitions.refusal(application, "decide") == (
        "Only an application in review can be decided. It is now draft."
    )
