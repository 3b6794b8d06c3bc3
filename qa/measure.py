"""The key span of a measure: what it has States or the Centre do, without the qualifiers around it.

A list answer ("What must States do about prison overcrowding?") cites each measure of a paragraph. The
part worth highlighting is the action ("Promoting and implementing good prison practice"), not the span
most like the question nor the qualifier after it (", taking into account international standards").
"""

from __future__ import annotations

import re

from qa.question import CONFORMING, COOPERATING, SINGLING_OUT

# Phrases that qualify a measure rather than state it: its conditions, its legal frame, its purpose, its
# examples and what it singles out.
_QUALIFIER = (
    rf"(?:and |or )?(?:{CONFORMING} with|{COOPERATING} with|{SINGLING_OUT}|consistent with|based on|on the basis of"
    r"|taking into (?:account|consideration)|bearing in mind|recogni[sz]ing|without prejudice to|in the light of"
    r"|where|wherever|whenever"
    r"|as (?:appropriate|necessary|required|feasible|applicable)|(?:upon|on) request|if (?:so )?requested|subject to"
    r"|provided that|within (?:their|its|the) (?:means|mandates?|limits|framework)|in order to|with a view to|so as to"
    r"|so that|including|such as|inter alia|for example|for instance|with the (?:support|assistance|participation|help) of"
    r"|which|while)\b"
)
_TRAILING = re.compile(rf",\s+{_QUALIFIER}")
_LEADING = re.compile(rf"{_QUALIFIER}[^,;:]*,\s+", re.IGNORECASE)
# Where the measure proper ends: a further sentence or clause after it adds detail ("; this may include ...").
_END = re.compile(r"[;:]|\.(?=\s|$)")
# A qualifier this short, or after this few words of the measure, sits inside it and the measure goes on
# after its closing comma: "Adopting or strengthening, as necessary, effective laws ...", "Encouraging
# international and regional institutions, including financial institutions, to incorporate ...".
_INSERTED_WORDS = 6
_HEAD_WORDS = 4


def key_span(text: str) -> tuple[int, int]:
    """Character offsets of the measure in `text`: from its start (after a qualifier that opens it, as in
    "Upon request, provide assistance ...") to the first qualifier that ends it."""
    end_match = _END.search(text)
    stop = end_match.start() if end_match else len(text)
    lead = _LEADING.match(text, 0, stop)
    start = lead.end() if lead and len(lead.group(0).split()) <= _INSERTED_WORDS + 2 and lead.end() < stop else 0
    position = start
    while (qualifier := _TRAILING.search(text, position, stop)) is not None:
        close = text.find(",", qualifier.end(), stop)
        inserted = close != -1 and not _TRAILING.match(text, close) and (
            len(text[qualifier.end():close].split()) <= _INSERTED_WORDS
            or len(text[start:qualifier.start()].split()) < _HEAD_WORDS
        )
        if inserted:
            position = close
        elif qualifier.start() > start:
            return start, qualifier.start()
        else:  # a text that opens with the qualifier's comma keeps what follows
            position = qualifier.end()
    return start, stop
