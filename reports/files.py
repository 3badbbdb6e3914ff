"""Stored files that follow their transaction: a file written inside a block that fails is deleted again.

A frozen order PDF or a generated document is saved while its row is written; if anything after the save fails (the
rest of the approval, the commit itself), the row rolls back and the file must not stay behind on disk — an orphan
printed with a number the register never gave.
"""

import contextlib
import logging

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def files_removed_on_error():
    """Yield a list; append each FieldFile saved inside. An exception leaving the block deletes them and re-raises.

    Put it outside the `transaction.atomic()` block that writes the rows, so a failed commit is covered too.
    """
    written = []
    try:
        yield written
    except BaseException:
        for field_file in written:
            name = field_file.name
            try:
                field_file.storage.delete(name)
            except OSError:
                logger.exception("could not delete %s after a rolled-back write", name)
        raise
