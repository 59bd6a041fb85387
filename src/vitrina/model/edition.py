"""The edition date written into every PDF, by one rule for the builders and the cache."""

from __future__ import annotations

import datetime as dt
import os

from vitrina.model.exhibition import Exhibition


def edition_date(exhibition: Exhibition) -> dt.date:
    """exhibition.yaml's `edition_date`, else the day of SOURCE_DATE_EPOCH, else 1970.

    Kept apart from the builders so that the build cache can tell, without loading them,
    that the date (and so every PDF) changed."""
    if exhibition.edition_date:
        return exhibition.edition_date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date(1970, 1, 1)
