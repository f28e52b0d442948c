"""What a cohort list says around its names: how many of the cohort we have, and its caveats.

The count comes before the list ("37 dari 50 daerah"); what the marks beside names mean and
whether the list is complete come after it, as one plain note, so the names are read first.
"""

from __future__ import annotations

from bot.regions import DISPUTED, FIRM_STATUSES, INFERRED, UNCERTAIN, Cohort, RegionData


def count_sentence(data: RegionData, cohort: Cohort) -> str:
    """How many members we list, never more sure ones than the cohort had."""
    members = data.members(cohort.year)
    firm = sum(1 for _, p in members if p.status in FIRM_STATUSES)
    unsure = sum(1 for _, p in members if p.status == UNCERTAIN)
    size = cohort.size
    if not unsure:
        text = f"Tercatat dalam data kami: {firm} dari {size} daerah."
    elif firm + unsure <= size:
        text = (f"Tercatat dalam data kami: {firm + unsure} dari {size} daerah; {unsure} di "
                "antaranya belum pasti.")
    elif firm < size:
        text = (f"Tercatat dalam data kami: {firm} dari {size} daerah. Untuk {size - firm} "
                f"tempat sisanya, sumber menyebut {unsure} daerah berbeda, sehingga "
                "keikutsertaannya belum pasti.")
    else:
        text = (f"Tercatat dalam data kami: {firm} dari {size} daerah. Sumber juga menyebut "
                f"{unsure} daerah lain yang keikutsertaannya belum pasti.")
    return text


def doubt_note(data: RegionData, cohort: Cohort) -> str:
    """What the marks in a cohort list mean, and whether the list is complete: after the list.

    A citizen reads the names first; the caveats follow as one plain note.
    """
    members = data.members(cohort.year)
    disputed = sum(1 for _, p in members if p.status == DISPUTED)
    inferred = sum(1 for _, p in members if p.status == INFERRED)
    notes = []
    if disputed:
        notes.append(f"Menurut sumber lain, {disputed} daerah ikut pada angkatan yang "
                     "tertulis di sampingnya.")
    if inferred:
        notes.append(f"Untuk {inferred} daerah bertanda “perkiraan”, sumbernya tidak menyebut "
                     "tahunnya; tahun itu perkiraan kami.")
    if not cohort.complete:
        notes.append(f"Daftar angkatan {cohort.year} dalam data kami belum lengkap; daerah yang "
                     "tidak tercantum belum tentu bukan peserta.")
    return f"\n\nCatatan: {' '.join(notes)}" if notes else ""
