"""Reads an edition's rules straight from its fixture folder (no database needed)."""

import copy
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import RuleError
from .policy import merged_stages

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"


def read_yaml(path):
    path = Path(path)
    return copy.deepcopy(_read_yaml(path, path.stat().st_mtime_ns))


@lru_cache(maxsize=128)
def _read_yaml(path, mtime):
    """Parsed once per version of the file: the engine falls back to fixtures on every call."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def edition_folders(root=FIXTURES_DIR):
    return sorted(path for path in Path(root).iterdir() if (path / "edition.yaml").is_file())


def rules_from_folder(folder, category_code):
    """The rules dict `evaluate` takes, for one category of the edition in `folder`."""
    meta = read_yaml(folder / "edition.yaml")
    categories = read_yaml(folder / "rules.yaml").get("categories", {})
    names = {item["code"]: item for item in meta.get("categories", [])}
    if category_code not in categories or category_code not in names:
        raise RuleError(
            f"edition {meta['edition']['slug']!r} has no category {category_code!r}; "
            f"it has {', '.join(sorted(categories))}",
            field="category",
        )
    rules = categories[category_code]
    return merged_stages(
        {
            "edition": meta["edition"]["slug"],
            "category": category_code,
            "category_name": names[category_code]["name"],
            "renewal_cycle_years": meta["edition"].get("renewal_cycle_years", 1),
            "application": rules.get("application", {}),
            "renewal": rules.get("renewal", {}),
        }
    )


@lru_cache(maxsize=64)
def _folder_for(edition_slug, root):
    for folder in edition_folders(root):
        if read_yaml(folder / "edition.yaml")["edition"]["slug"] == edition_slug:
            return folder
    return None


def rules_from_fixtures(edition_slug, category_code, root=FIXTURES_DIR):
    folder = _folder_for(edition_slug, str(root))
    if folder is None:
        known = ", ".join(read_yaml(f / "edition.yaml")["edition"]["slug"] for f in edition_folders(root))
        raise RuleError(f"unknown edition {edition_slug!r}; known editions: {known}", field="edition")
    return rules_from_folder(folder, category_code)
