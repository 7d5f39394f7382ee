"""Findings, pipeline failures and machine-translation notes in the reader's language.

The checks (core/qa, worker/glossary_check.py, the pipeline) write plain
English, which the JSON API returns as it is. A finding also stores the values
its message was built from (`Finding.params`); here each code's sentence is
rebuilt from them through gettext, so the Indonesian desk reads Indonesian. A
failure keeps only its English reason, so the known reasons are matched by
pattern and their parts (a host, a status) carried into the translation.
Whatever cannot be rebuilt (rows from before params, a reason worded some new
way) is shown in its stored English: never a blank.

`_` is the reader's gettext, passed in: render.py binds it per UI language.
"""

import re
from collections.abc import Callable, Sequence
from typing import Any

from babel.numbers import format_decimal

Gettext = Callable[[str], str]


def N_(message: str) -> str:
    """Marks a message for extraction (Babel's N_ keyword) without translating it yet."""
    return message


# --- shared pieces ---------------------------------------------------------------------------


def _quoted(items: Sequence[Any], _: Gettext) -> str:
    """'"a", "b" and "c"', the "and" in the reader's language."""
    quoted = [f'"{item}"' for item in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return _("%(items)s and %(last)s") % {"items": ", ".join(quoted[:-1]), "last": quoted[-1]}


def _listed(phrases: Sequence[str], _: Gettext) -> str:
    """Phrases joined with commas and a translated "and"."""
    if len(phrases) <= 1:
        return "".join(phrases)
    return _("%(items)s and %(last)s") % {"items": ", ".join(phrases[:-1]), "last": phrases[-1]}


_LANGUAGE_NAMES = {
    "en": N_("English"),
    "tr": N_("Turkish"),
    "de": N_("German"),
    "fr": N_("French"),
    "es": N_("Spanish"),
    "it": N_("Italian"),
    "nl": N_("Dutch"),
    "pt": N_("Portuguese"),
    "tl": N_("Tagalog"),
    "af": N_("Afrikaans"),
    "so": N_("Somali"),
    "sw": N_("Swahili"),
    "ar": N_("Arabic"),
    "ru": N_("Russian"),
    "az": N_("Azerbaijani"),
    "fa": N_("Persian"),
    "id": N_("Indonesian"),
    "uk": N_("Ukrainian"),
    "zh-cn": N_("Chinese"),
    "ja": N_("Japanese"),
    "ko": N_("Korean"),
}


def language_name(code: str, _: Gettext) -> str:
    name = _LANGUAGE_NAMES.get(code)
    return _(name) if name else code


# --- findings --------------------------------------------------------------------------------


def _target_empty(p: dict, _: Gettext, locale: str) -> str:
    return _("The target is empty; translate the segment.")


def _same_as_source(p: dict, _: Gettext, locale: str) -> str:
    return _('The target is the same as the source ("%(target)s"); it looks untranslated.') % {
        "target": p["target"]
    }


def _numbers_changed(p: dict, _: Gettext, locale: str) -> str:
    missing, extra, hints = p["missing"], p["extra"], p["hints"]
    write = _listed(
        [_('"%(written)s" as "%(right)s"') % {"written": w, "right": r} for w, r in hints], _
    )
    have, more = _quoted(missing, _), _quoted(extra, _)
    if not missing and not extra:
        return _("Numbers are written the English way: in Indonesian write %(write)s.") % {
            "write": write
        }
    if missing and extra:
        if hints:
            text = _(
                "The source has %(have)s but the target has %(more)s instead; "
                "in Indonesian write %(write)s."
            )
        else:
            text = _("The source has %(have)s but the target has %(more)s instead.")
    elif missing:
        if hints:
            text = _(
                "The target is missing %(have)s from the source; in Indonesian write %(write)s."
            )
        else:
            text = _("The target is missing %(have)s from the source.")
    elif hints:
        text = _(
            "The target has %(more)s, which the source does not; in Indonesian write %(write)s."
        )
    else:
        text = _("The target has %(more)s, which the source does not.")
    return text % {"have": have, "more": more, "write": write}


def _names_dropped(p: dict, _: Gettext, locale: str) -> str:
    names = p["names"]
    if len(names) == 1:
        text = _("The source name %(names)s cannot be found in the target.")
    else:
        text = _("The source names %(names)s cannot be found in the target.")
    return text % {"names": _quoted(names, _)}


def _repeated_words(p: dict, _: Gettext, locale: str) -> str:
    return _("The target repeats %(phrases)s twice in a row.") % {
        "phrases": _quoted(p["phrases"], _)
    }


def _length_ratio(p: dict, _: Gettext, locale: str) -> str:
    if "percent" in p:
        return _(
            "The target is only %(percent)s%% as long as the source, "
            "so part of the text may be missing."
        ) % {"percent": p["percent"]}
    times = format_decimal(p["times"], format="0.0", locale=locale)  # Indonesian: "2,5"
    return _(
        "The target is %(times)s times as long as the source, "
        "so it may contain added or repeated text."
    ) % {"times": times}


def _not_indonesian(p: dict, _: Gettext, locale: str) -> str:
    return _('The target ("%(target)s") looks like %(language)s (%(code)s), not Indonesian.') % {
        "target": p["target"],
        "language": language_name(p["language"], _),
        "code": p["language"],
    }


def _spacing(p: dict, _: Gettext, locale: str) -> str:
    problems = []
    if p["starts"]:
        problems.append(_("starts with a space"))
    if p["ends"]:
        problems.append(_("ends with a space"))
    if p["after"]:
        problems.append(_("has a double space after %(words)s") % {"words": _quoted(p["after"], _)})
    return _("The target %(problems)s.") % {"problems": _listed(problems, _)}


def _glossary(p: dict, _: Gettext, locale: str) -> str:
    note = f" ({p['note']})" if p.get("note") else ""  # the glossary's own words, as written
    values = {"source": p["source"], "target": p["target"], "note": note}
    if p["kind"] == "forbidden":
        return _("“%(target)s” must not be used in Warta's Indonesian%(note)s.") % values
    if p["kind"] == "keep":
        return _("“%(source)s” must be kept as “%(target)s”%(note)s.") % values
    return _("“%(source)s” should be translated as “%(target)s”%(note)s.") % values


def _repeated_phrase(p: dict, _: Gettext, locale: str) -> str:
    return _("The machine draft repeats “%(phrase)s”; the source does not.") % {
        "phrase": p["phrase"]
    }


_FINDINGS: dict[str, Callable[[dict, Gettext, str], str]] = {
    "target_empty": _target_empty,
    "same_as_source": _same_as_source,
    "numbers_changed": _numbers_changed,
    "names_dropped": _names_dropped,
    "repeated_words": _repeated_words,
    "length_ratio": _length_ratio,
    "not_indonesian": _not_indonesian,
    "spacing": _spacing,
    "glossary_missing": _glossary,
    "glossary_forbidden": _glossary,
    "repeated_phrase": _repeated_phrase,
}


def finding_message(finding: Any, _: Gettext, locale: str = "en") -> str:
    """A finding's message in the reader's language; its stored English when there are no
    params (findings made before they were kept) or they do not fit the code's sentence."""
    build = _FINDINGS.get(finding.code)
    params = finding.params
    if build is None or not isinstance(params, dict):
        return finding.message
    try:
        return build(params, _, locale)
    except (KeyError, TypeError, ValueError):
        return finding.message


# --- pipeline failures and machine-translation notes ----------------------------------------

# Per failure code, the English reasons the worker writes (worker/fetch.py, netguard.py,
# detect.py, extract.py, stages.py, tasks.py) as patterns, each with its translatable
# sentence; a pattern's named groups fill the sentence's placeholders. First match wins.
_Reason = tuple[re.Pattern[str], str]


def _reason(pattern: str, template: str) -> _Reason:
    return re.compile(pattern, re.DOTALL), template


_FAILURES: dict[str, list[_Reason]] = {
    "no_raw_page": [
        _reason(
            r"The page was never fetched; retry the article\.",
            N_("The page was never fetched; retry the article."),
        ),
    ],
    "duplicate": [
        _reason(
            r"This is the same article as #(?P<id>\d+) \((?P<url>.*)\)\.",
            N_("This is the same article as #%(id)s (%(url)s)."),
        ),
    ],
    "language_undetected": [
        _reason(
            r"The article has no language; set one\.", N_("The article has no language; set one.")
        ),
        _reason(
            r"The language of the article could not be detected; an editor can set it\.",
            N_("The language of the article could not be detected; an editor can set it."),
        ),
    ],
    "unsupported_language": [
        _reason(
            r"The article appears to be in (?P<name>.+) \((?P<code>[\w-]+)\); Warta translates .*",
            N_(
                "The article appears to be in %(language)s (%(code)s); Warta translates English "
                "and Turkish. If the detection is wrong, an editor can set the language."
            ),
        ),
    ],
    "no_article_content": [
        _reason(
            r"No article text was found on the page\.", N_("No article text was found on the page.")
        ),
    ],
    "invalid_url": [
        _reason(
            r"The host name '(?P<host>.*)' is not valid\.",
            N_("The host name '%(host)s' is not valid."),
        ),
        _reason(r"Warta fetches only over TCP\.", N_("Warta fetches only over TCP.")),
        _reason(
            r"The URL is not valid \((?P<detail>.*)\)\.", N_("The URL is not valid (%(detail)s).")
        ),
        _reason(
            r"The link redirected to an invalid URL: '(?P<url>.*)' \((?P<detail>.*)\)\.",
            N_("The link redirected to an invalid URL: '%(url)s' (%(detail)s)."),
        ),
        _reason(
            r"The link is not valid: '(?P<url>.*)' \((?P<detail>.*)\)\.",
            N_("The link is not valid: '%(url)s' (%(detail)s)."),
        ),
        _reason(
            r"The page redirected to (?P<what>.*); Warta fetches only http and https web pages\.",
            N_("The page redirected to %(what)s; Warta fetches only http and https web pages."),
        ),
        _reason(
            r"The URL is (?P<what>.*); Warta fetches only http and https web pages\.",
            N_("The URL is %(what)s; Warta fetches only http and https web pages."),
        ),
    ],
    "dns_failed": [
        _reason(
            r"The host name '(?P<host>.*)' could not be resolved \((?P<detail>.*)\)\.",
            N_("The host name '%(host)s' could not be resolved (%(detail)s)."),
        ),
        _reason(
            r"The host name '(?P<host>.*)' has no IP address\.",
            N_("The host name '%(host)s' has no IP address."),
        ),
    ],
    "blocked_address": [
        _reason(
            r"The URL leads to (?P<host>\S+), an address inside a private or reserved network "
            r"\((?P<kind>.*)\); .*",
            N_(
                "The URL leads to %(host)s, an address inside a private or reserved network "
                "(%(kind)s); Warta does not fetch from those. An operator can allow it with "
                "WARTA_FETCH_ALLOWLIST."
            ),
        ),
        _reason(
            r"The URL's host (?P<host>\S+) resolves to (?P<address>\S+), an address inside a "
            r"private or reserved network \((?P<kind>.*)\); .*",
            N_(
                "The URL's host %(host)s resolves to %(address)s, an address inside a private or "
                "reserved network (%(kind)s); Warta does not fetch from those. An operator can "
                "allow it with WARTA_FETCH_ALLOWLIST."
            ),
        ),
    ],
    "too_many_redirects": [
        _reason(
            r"The page redirected more than (?P<n>\d+) times\.",
            N_("The page redirected more than %(n)s times."),
        ),
    ],
    "http_error": [
        _reason(
            r"The source site answered HTTP (?P<status>\d+) \((?P<phrase>.*)\)\.",
            N_("The source site answered HTTP %(status)s (%(phrase)s)."),
        ),
    ],
    "not_html": [
        _reason(
            r"The URL points to '(?P<type>.*)', not an HTML page\.",
            N_("The URL points to '%(type)s', not an HTML page."),
        ),
    ],
    "too_large": [
        _reason(
            r"The page is larger \((?P<size>.*)\) than (?P<limit>.*), the most Warta fetches\.",
            N_("The page is larger (%(size)s) than %(limit)s, the most Warta fetches."),
        ),
        _reason(
            r"The page is larger than (?P<limit>.*), the most Warta fetches\.",
            N_("The page is larger than %(limit)s, the most Warta fetches."),
        ),
    ],
    "timeout": [
        _reason(
            r"The source site did not deliver the whole page in time "
            r"\(Warta waits (?P<seconds>[\d.]+) seconds at most\)\.",
            N_(
                "The source site did not deliver the whole page in time "
                "(Warta waits %(seconds)s seconds at most)."
            ),
        ),
        _reason(
            r"The source site did not answer in time\.",
            N_("The source site did not answer in time."),
        ),
    ],
    "connection_failed": [
        _reason(
            r"The source site sent a damaged response \((?P<detail>.*)\)\.",
            N_("The source site sent a damaged response (%(detail)s)."),
        ),
        _reason(
            r"Could not connect to the source site \((?P<detail>.*)\)\.",
            N_("Could not connect to the source site (%(detail)s)."),
        ),
    ],
    "database_unavailable": [
        _reason(r"The database was unavailable\.", N_("The database was unavailable.")),
    ],
    "stage_timeout": [
        _reason(
            r"The (?P<stage>\w+) stage took longer than (?P<limit>[\d.]+) s and was stopped\.",
            N_("The %(stage)s stage took longer than %(limit)s s and was stopped."),
        ),
    ],
    "internal_error": [
        _reason(
            r"Unexpected error in the (?P<stage>\w+) stage: (?P<detail>.*)",
            N_("Unexpected error in the %(stage)s stage: %(detail)s"),
        ),
    ],
}


def failure_message(code: str | None, reason: str | None, _: Gettext) -> str:
    """A pipeline failure's reason in the reader's language, or as stored when it is worded
    in a way this table does not know (a newer worker, an older row)."""
    reason = reason or ""
    for pattern, template in _FAILURES.get(code or "", []):
        match = pattern.fullmatch(reason.strip())
        if match is None:
            continue
        values = match.groupdict()
        if "code" in values:  # unsupported_language: the language's name, translated if known
            known = values["code"] in _LANGUAGE_NAMES
            values["language"] = language_name(values["code"], _) if known else values["name"]
        return _(template) % values
    return reason


_NO_ENGINE = re.compile(
    r"No machine translation model is installed for (?P<source>\w+)→(?P<target>\w+); .*",
    re.DOTALL,
)


def mt_note_message(note: str | None, _: Gettext) -> str:
    """Why a draft has no machine translation (worker/translate.py NoEngine), translated;
    any other note (an engine's route, "en → id") as stored."""
    match = _NO_ENGINE.fullmatch((note or "").strip())
    if match is None:
        return note or ""
    return (
        _(
            "No machine translation model is installed for %(source)s→%(target)s; translators "
            "start from the source text. An operator can install one (warta models install "
            "%(source)s %(target)s) and retry the article."
        )
        % match.groupdict()
    )
