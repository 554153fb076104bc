"""What is worked out from an association's guideline data, kept until that data changes.

The category pages, the engine's rules of a category, the areas a rater rates and the level of
every endorsement code are read on most pages and change only when staff edit the guidelines.
Each is kept under the guidelines' current generation (`endorsement.generations`), which every
change to the guideline data replaces: the models' `post_save`/`post_delete` signals and
`ContentQuerySet`'s bulk writes call `content_changed`.
"""

from endorsement.generations import Generation, GenerationQuerySet

GUIDELINES = Generation("guidelines")


def generation():
    """The token of the guidelines' current content: a new one after every change."""
    return GUIDELINES.token()


def content_changed(**_signal):
    GUIDELINES.changed()


def kept(name, compute):
    """`compute()`, worked out once per generation of the guidelines and kept under `name`."""
    return GUIDELINES.kept(name, compute)


class ContentQuerySet(GenerationQuerySet):
    """The querysets of the guideline models: their bulk writes also end the generation."""

    generation = GUIDELINES
