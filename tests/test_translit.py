"""Serbian Latin to Cyrillic: the letters, the words where two letters stay two, and what stays Latin."""

import pytest

from booklet.content.translit import to_cyrillic, transliterate_texts


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("čćđšž ČĆĐŠŽ", "чћђшж ЧЋЂШЖ"),
    ("ljubav njiva džep", "љубав њива џеп"),
    ("Ljubljana Njegoš Džakarta", "Љубљана Његош Џакарта"),
    ("LJUBLJANA NJEGOŠ DŽEP", "ЉУБЉАНА ЊЕГОШ ЏЕП"),
    ("ǉubav ǌiva ǆep ǈubav", "љубав њива џеп Љубав"),  # the one-character digraphs
    ("Bezbednost i saradnja u Evropi.", "Безбедност и сарадња у Европи."),
])
def test_letters_and_digraphs(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("injekcija injekcijom", "инјекција инјекцијом"),
    ("konjunkcija konjugacija konjunktura", "конјункција конјугација конјунктура"),
    ("vanjezički", "ванјезички"),
    ("nadživeti nadživeo odžaliti podžanr podžupan", "надживети надживео оджалити поджанр поджупан"),
    ("Injekcija Nadživeti", "Инјекција Надживети"),
    ("odžak udžbenik", "оџак уџбеник"),  # no prefix here: dž is one letter
])
def test_two_letters_where_a_prefix_meets_a_root(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


def test_placeholders_and_markdown_are_untouched() -> None:
    latin = "Stalni savet je {date} usvojio Odluku br. {decision} o **Misiji OEBS-a** i *njenom* radu."
    assert to_cyrillic(latin) == ("Стални савет је {date} усвојио Одлуку бр. {decision} о **Мисији ОЕБС-а** "
                                  "и *њеном* раду.")
    assert to_cyrillic("1. prvi\n2. drugi  \nred `kod` i [veza](https://osce.org/sr)") == (
        "1. први\n2. други  \nред `kod` и [веза](https://osce.org/sr)")


def test_urls_addresses_and_handles_are_untouched() -> None:
    assert to_cyrillic("osce.org/kosovo") == "osce.org/kosovo"
    assert to_cyrillic("Vidi https://www.osce.org/mission-in-kosovo.") == "Види https://www.osce.org/mission-in-kosovo."
    assert to_cyrillic("Pišite na press.omik@osce.org ili @oscekos, www.osce.org.") == (
        "Пишите на press.omik@osce.org или @oscekos, www.osce.org.")
    assert to_cyrillic("od 2008. godine") == "од 2008. године"  # a year and a word are no domain


def test_acronyms_serbian_ones_are_words_international_ones_stay() -> None:
    assert to_cyrillic("OEBS, CIK-u, EU, RTK, IPŽP, SŠK") == "ОЕБС, ЦИК-у, ЕУ, РТК, ИПЖП, СШК"
    keep = ["OSCE", "UNMIK", "KFOR", "EULEX"]  # the project's list (sr-Cyrl.yaml), not booklet's
    assert to_cyrillic("OSCE, UNMIK-a, KFOR, EULEX, UNHCR-om", keep) == "OSCE, UNMIK-а, KFOR, EULEX, УНХЦР-ом"
    assert to_cyrillic("OSCE, UNMIK-a") == "ОСЦЕ, УНМИК-а"  # booklet itself keeps no name


def test_un_agencies_are_written_as_serbian_cyrillic_writes_them() -> None:
    assert to_cyrillic("UNHCR-om, UNICEF-a i UNESCO-a") == "УНХЦР-ом, УНИЦЕФ-а и УНЕСКО-а"


def test_keep_list_exact_words_and_phrases() -> None:
    keep = ["RTK", "Hoçë e Madhe", "Raporto trafikimin"]
    assert to_cyrillic("RTK i RTKS", keep) == "RTK и РТКС"  # a whole word, not a part of one
    assert to_cyrillic("rtk", keep) == "ртк"  # as written: case counts
    assert to_cyrillic("Velika Hoča/Hoçë e Madhe", keep) == "Велика Хоча/Hoçë e Madhe"
    assert to_cyrillic("„Raporto trafikimin“ („Prijavi“)", keep) == "„Raporto trafikimin“ („Пријави“)"
    assert to_cyrillic("Velika Hoča/Hoçë e Madhe") == "Велика Хоча/Hoçë е Мадхе"  # without the phrase


def test_foreign_words_stay_latin() -> None:
    assert to_cyrillic("Werner Wnendt, Daniel Day, Xerox") == "Werner Wnendt, Даниел Day, Xerox"
    assert to_cyrillic("u Prištini/Prishtinë, Gnjilanu/Gjilan") == "у Приштини/Prishtinë, Гњилану/Gjilan"
    assert to_cyrillic("reč „Korrupsioni“ (korupcija)") == "реч „Korrupsioni“ (корупција)"
    assert to_cyrillic("Müller i Fiéschi") == "Müller и Fiéschi"


def test_roman_numerals_stay_latin_but_i_is_a_word() -> None:
    assert to_cyrillic("XXI vek, II svetski rat, IV poglavlje") == "XXI век, II светски рат, IV поглавље"
    assert to_cyrillic("I pored toga, V. Mitrović i ONI") == "И поред тога, В. Митровић и ОНИ"
    # An all-caps word that reads as a numeral stays Latin (MI, VI): texts are in sentence case.
    assert to_cyrillic("MI") == "MI"


def test_foreign_words_with_a_spelling_of_their_own() -> None:
    assert to_cyrillic("ad hoc skupštinski odbor") == "ад хок скупштински одбор"


def test_decomposed_carons_are_letters() -> None:
    assert to_cyrillic("dz\u030cep c\u030cas") == "џеп час"


@pytest.mark.parametrize("text", [
    "Мисија ОЕБС-а на Косову", "Љубљана и џеп", "UNMIK-а, Hoçë, osce.org/kosovo, {date}",
    "Stalni savet OEBS-a je {date} usvojio Odluku u Prištini/Prishtinë.",
])
def test_idempotent(text: str) -> None:
    once = to_cyrillic(text)
    assert to_cyrillic(once) == once


def test_a_language_mapping() -> None:
    texts = {"labels": {"since": "od {start}."}, "people": {"davenport": "Majkl Davenport"},
             "list": ["jedan", "dva"], "back_cover": {"web": "osce.org/kosovo", "social": "@oscekos"},
             "count": 3, "slogan": "„Follow Us“"}
    assert transliterate_texts(texts, keep=["Follow Us"]) == {
        "labels": {"since": "од {start}."}, "people": {"davenport": "Мајкл Давенпорт"},
        "list": ["један", "два"], "back_cover": {"web": "osce.org/kosovo", "social": "@oscekos"},
        "count": 3, "slogan": "„Follow Us“"}
    assert texts["people"]["davenport"] == "Majkl Davenport"  # the input is not changed
