"""Mask the name a citizen introduces: "nama saya Budi Santoso" becomes "nama saya [NAMA]".

Names cannot be recognised on their own (any word may be one), but people announce them with a
few phrases: "nama saya/aku/sy/gw", "namaku", "saya bernama", "perkenalkan (nama) saya",
"kenalin aku", "panggil saya", "atas nama", "a.n.", "nama:", "my name is". After such a phrase
(and "adalah", ":" or a title such as "Pak" or "Dr."), the next one to four words are masked,
in any case, up to a punctuation mark, a line break or a function word ("dari", "mau",
"tanya", "dan", ...). That errs on the side of masking: "nama saya terdaftar" loses a word that
was not a name, which is better than keeping one that was.
"""

from __future__ import annotations

import re

NAME_LABEL = "[NAMA]"
MAX_NAME_WORDS = 4  # "I Gede Made Wirawan", "Muhammad Rizki Pratama Putra"

_INTRODUCTION = (
    r"\bnama\s*(?:lengkap\s*|panggilan\s*|asli\s*)?(?:saya|aku|ku|sy|gw|gue|gua|ane|kami|q)\b"
    r"|\bnm\s*(?:saya|aku|sy|ku)\b"
    r"|\b(?:saya|aku|sy|gw|gue|gua|ane)\s+bernama\b"
    r"|\b(?:perkenalkan|kenalkan|kenalin|kenalan)\b(?:[\s,]*(?:nama\s*)?(?:saya|aku|sy|gw)\b)?"
    r"|\bpanggil\s+(?:saya|aku|gw|sy)\b"
    r"|\batas\s+nama\b|\ba\.\s?n\.?(?=\s)|\bnama\s*(?=:)"
    r"|\bmy\s+name\s+is\b"
)
# Possessive throughout: a long run of spaces must not make the regex backtrack.
_FILLER = r"(?:\s*+(?:[:=,-]|\badalah\b|\bialah\b|\byaitu\b|\byakni\b)\s*+|\s++)++"
# Titles are kept before the label; possessive, so "Pak [NAMA]" never reads "Pak" as the name.
_TITLE = (
    r"(?:(?:pak|bapak|bpk|bu|ibu|sdr|sdri|saudara|saudari|kak|mas|mbak|mba|bang|dik|"
    r"dr|drs|dra|ir|hj|h|prof)\.?\s+)*+"
)
# A word of letters (any script), with inner apostrophes or hyphens, or an initial ("M.").
_WORD = r"(?:[^\W\d_]\.(?=[ \t]*[^\W\d_])|[^\W\d_]+(?:['’-][^\W\d_]+)*)"
_NAME_RE = re.compile(
    rf"(?P<head>(?:{_INTRODUCTION}){_FILLER}{_TITLE})"
    rf"(?P<words>{_WORD}(?:[ \t]+{_WORD}){{0,{MAX_NAME_WORDS - 1}}})",
    re.IGNORECASE,
)
_WORD_SPLIT_RE = re.compile(r"([ \t]+)")
_QUICK_RE = re.compile(r"nama|\bnm\b|kenal|panggil|\ba\.\s?n\b|name", re.IGNORECASE)

# Words that end a name: function words, question words, chat particles, greetings, what forms
# list after a name ("nik", "hp"), and words people put where a name could be ("nama saya
# tidak penting", "atas nama warga"). "rp" and "rupiah" too: they keep an amount readable.
STOP_WORDS = frozenset("""
    dari di ke yang dan atau serta dengan dgn untuk utk buat bagi pada dalam tentang mengenai
    soal terkait sebagai selaku ingin mau mo mw pengen pengin hendak akan mohon minta tolong
    bertanya tanya nanya tny menanyakan adalah ialah yaitu yakni ini itu tsb saya aku sy gw gue
    gua ane kami kita anda kamu dia beliau nama asal tinggal domisili umur usia warga penduduk
    masyarakat mahasiswa mahasiswi pelajar siswa guru dosen pns asn pegawai staf staff bekerja
    kerja kuliah sekolah apa apakah bagaimana gimana bgmn kenapa mengapa knp kapan berapa siapa
    dimana mana bisa bisakah boleh bolehkah dapat sudah udah belum blm tidak tak nggak ngga gak
    ga enggak bukan juga jg sedang lagi lg masih baru tapi tetapi namun karena krn jadi
    sehingga bahwa kalau kalo jika terima kasih makasih trims thanks thx halo hai hi salam
    selamat pagi siang sore malam ya iya yaa yah nih dong deh kok sih loh lho min admin mimin
    terdaftar tercantum ada mencari cari perlu punya memiliki pemerintah pemkot pemkab pemprov
    dinas kota kabupaten provinsi desa kelurahan kecamatan instansi perusahaan lembaga tim
    program smart city and from want would like to dr nik ktp kk hp wa telp telepon email
    no nomor alamat rp idr rupiah
""".split())


def mask_names(text: str) -> str:
    """Replace the words after an introduction phrase with "[NAMA]" (see the module doc)."""
    if _QUICK_RE.search(text) is None:
        return text
    pieces, position = [], 0
    while (match := _NAME_RE.search(text, position)) is not None:
        # Scanning goes on right after the name, so an introduction among the words that
        # follow it is found in this pass, not only when the masked text is masked again.
        end = match.end("head") + _name_length(match["words"])
        pieces.append(text[position:match.end("head")])
        if end > match.end("head"):
            pieces.append(NAME_LABEL)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _name_length(words: str) -> int:
    """How many characters of `words` are the name: the words before the first stop word."""
    length = 0
    for piece in _WORD_SPLIT_RE.split(words)[::2]:
        if piece.lower() in STOP_WORDS:
            break
        length = words.index(piece, length) + len(piece)
    return length
