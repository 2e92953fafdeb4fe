package org.essaim.member.csv;

import org.assertj.core.groups.Tuple;
import org.essaim.ldap.SpacePerson;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading member lists: every bad input the import must refuse clearly, and the good ones spreadsheets produce. */
class MemberListTest {

    private static final CsvLimits LIMITS = new CsvLimits(2 * 1024 * 1024, 10_000);

    private static MemberList read(String text) {
        return MemberList.read(text.getBytes(StandardCharsets.UTF_8), LIMITS);
    }

    private static MemberListRefusedException refusal(byte[] bytes, CsvLimits limits) {
        try {
            MemberList.read(bytes, limits);
        } catch (MemberListRefusedException refused) {
            return refused;
        }
        throw new AssertionError("the file was accepted");
    }

    @Test
    void aPlainCommaListWithoutHeaderReadsNameEmailAndRole() {
        MemberList list = read(
                "Alice Martin,alice@example.org,admin\nBob Roux,bob@example.org\nChloé Petit,chloe@EXAMPLE.org,membre\n");

        assertThat(list.separator()).isEqualTo(',');
        assertThat(list.header()).isFalse();
        assertThat(list.rows())
                .extracting(MemberList.Row::line, MemberList.Row::name, MemberList.Row::email, MemberList.Row::role)
                .containsExactly(
                        Tuple.tuple(1, "Alice Martin", "alice@example.org", MemberRole.ADMIN),
                        Tuple.tuple(2, "Bob Roux", "bob@example.org", MemberRole.MEMBER),
                        Tuple.tuple(3, "Chloé Petit", "chloe@example.org", MemberRole.MEMBER));
        assertThat(list.rows()).allMatch(MemberList.Row::valid);
    }

    @Test
    void semicolonsAreDetectedAndAFrenchHeaderMayReorderColumns() {
        MemberList list =
                read("Courriel;Rôle;Nom;Téléphone\r\nalice@example.org;Administratrice;Alice, dite « Al »;0102\r\n"
                        + "bob@example.org;;Bob;\r\n");

        assertThat(list.separator()).isEqualTo(';');
        assertThat(list.header()).isTrue();
        assertThat(list.rows()).hasSize(2);
        assertThat(list.rows().get(0)).satisfies(row -> {
            assertThat(row.line()).isEqualTo(2);
            assertThat(row.name()).isEqualTo("Alice, dite « Al »");
            assertThat(row.role()).isEqualTo(MemberRole.ADMIN);
        });
        assertThat(list.rows().get(1).role()).isEqualTo(MemberRole.MEMBER);
    }

    @Test
    void anEnglishHeaderIsRecognisedWithoutCaseOrAccents() {
        MemberList list = read("Full Name,E-mail,ROLE\nAlice,alice@example.org,Member\n");

        assertThat(list.header()).isTrue();
        assertThat(list.rows())
                .singleElement()
                .satisfies(row -> assertThat(row.role()).isEqualTo(MemberRole.MEMBER));
    }

    @Test
    void aHeaderWithoutANameColumnIsRefused() {
        assertThat(refusal("email;role\na@example.org;admin".getBytes(StandardCharsets.UTF_8), LIMITS)
                        .code())
                .isEqualTo("noNameColumn");
    }

    @Test
    void aHeaderAloneIsRefused() {
        assertThat(refusal("name,email\n\n".getBytes(StandardCharsets.UTF_8), LIMITS)
                        .code())
                .isEqualTo("headerOnly");
    }

    @Test
    void theUtf8ByteOrderMarkIsSkipped() {
        byte[] withBom = concat(
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "Nom;Adresse électronique\nÉlodie;elodie@example.org\n".getBytes(StandardCharsets.UTF_8));

        MemberList list = MemberList.read(withBom, LIMITS);

        assertThat(list.header()).isTrue();
        assertThat(list.rows())
                .singleElement()
                .satisfies(row -> assertThat(row.name()).isEqualTo("Élodie"));
    }

    @Test
    void quotedFieldsHoldSeparatorsQuotesAndLineBreaks() {
        MemberList list = read(
                "\"Martin, Alice \"\"Al\"\"\",alice@example.org\n\"Bob\nRoux\",bob@example.org\nCarl,carl@example.org\n");

        assertThat(list.rows().get(0).name()).isEqualTo("Martin, Alice \"Al\"");
        // A line break inside a name is refused (a name is one line), and the next row keeps its real line number.
        assertThat(list.rows().get(1).problem()).isNotNull();
        assertThat(list.rows().get(1).problem().code()).isEqualTo("input.controlCharacters");
        assertThat(list.rows().get(2).line()).isEqualTo(4);
        assertThat(list.rows().get(2).valid()).isTrue();
    }

    @Test
    void anUnclosedQuoteSaysWhereItStarts() {
        MemberListRefusedException refused = refusal(
                "Alice,alice@example.org\n\"Bob,bob@example.org\nCarl,carl@example.org\n"
                        .getBytes(StandardCharsets.UTF_8),
                LIMITS);

        assertThat(refused.code()).isEqualTo("unclosedQuote");
        assertThat(refused.arguments()).containsExactly(2);
    }

    @Test
    void anUnclosedQuoteAfterALineBreakInTheSameRecordSaysItsOwnLine() {
        MemberListRefusedException refused = refusal(
                "Alice,alice@example.org\n\"Bob\nRoux\",\"bob@example.org\nCarl\n".getBytes(StandardCharsets.UTF_8),
                LIMITS);

        assertThat(refused.code()).isEqualTo("unclosedQuote");
        assertThat(refused.arguments()).containsExactly(3);
    }

    @Test
    void ldapSpecialCharactersInNamesAreKeptVerbatim() {
        String name = "Zoé *()\\,+=<>#;\" Dupont";
        MemberList list = read("\"" + name.replace("\"", "\"\"") + "\",zoe@example.org\n");

        assertThat(list.rows()).singleElement().satisfies(row -> {
            assertThat(row.valid()).isTrue();
            assertThat(row.name()).isEqualTo(name);
        });
        assertThat(Uids.choose(name, "zoe@example.org", Set.of()))
                .isEqualTo("zoe.dupont")
                .matches("[a-z0-9._-]+");
    }

    @Test
    void formulaCellsAreRefusedNotStripped() {
        MemberList list = read("=cmd|' /C calc'!A0,a@example.org\n+33 Bob,b@example.org\nCarl,-c@example.org\n"
                + "@SUM(A1),d@example.org\n\"\tTab\",e@example.org\n\"\rCR\",f@example.org\n Eve,g@example.org, =1+1\n"
                + "Fine,h@example.org\n");

        assertThat(list.rows()).hasSize(8);
        assertThat(list.rows().subList(0, 7)).allSatisfy(row -> {
            assertThat(row.valid()).isFalse();
            assertThat(row.problem().code()).isEqualTo("memberimport.row.formula");
        });
        assertThat(list.rows().get(0).problem().arguments()).containsExactly(1, "=");
        assertThat(list.rows().get(2).problem().arguments()).containsExactly(2, "-");
        assertThat(list.rows().get(4).problem().arguments()).containsExactly(1, "TAB");
        assertThat(list.rows().get(5).problem().arguments()).containsExactly(1, "CR");
        assertThat(list.rows().get(6).problem().arguments()).containsExactly(3, "=");
        assertThat(list.rows().get(7).valid()).isTrue();
    }

    @Test
    void badEmailsUnknownRolesEmptyNamesAndExtraColumnsAreRefusedPerRow() {
        MemberList list = read("Alice,not-an-email\nBob,bob@example.org,boss\n,carl@example.org\n"
                + "Dan,dan@example.org,member,surprise\n<b>Eve</b>,eve@example.org\n");

        assertThat(list.rows())
                .extracting(row -> row.problem().column() + ":" + row.problem().code())
                .containsExactly(
                        "email:input.email",
                        "role:memberimport.row.unknownRole",
                        "name:input.required",
                        "row:memberimport.row.extraColumns",
                        "name:input.markup");
        assertThat(list.rows().get(1).problem().arguments()).containsExactly("boss");
    }

    @Test
    void blankLinesAreSkippedAndLinesKeepTheirNumbers() {
        MemberList list = read("\n\nAlice,alice@example.org\n,,\n\nBob,bob@example.org");

        assertThat(list.rows()).extracting(MemberList.Row::line).containsExactly(3, 6);
    }

    @Test
    void emptyAndBlankFilesAreRefused() {
        assertThat(refusal(new byte[0], LIMITS).code()).isEqualTo("empty");
        assertThat(refusal(" \n\r\n ".getBytes(StandardCharsets.UTF_8), LIMITS).code())
                .isEqualTo("empty");
        assertThat(refusal(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, LIMITS)
                        .code())
                .isEqualTo("empty");
        assertThat(refusal(",,\n , ,\n".getBytes(StandardCharsets.UTF_8), LIMITS)
                        .code())
                .isEqualTo("empty");
    }

    @Test
    void aFileOverTheByteLimitIsRefusedBeforeBeingRead() {
        byte[] big = "Alice,alice@example.org\n".repeat(100).getBytes(StandardCharsets.UTF_8);

        MemberListRefusedException refused = refusal(big, new CsvLimits(1024, 10_000));

        assertThat(refused.code()).isEqualTo("tooLarge");
        assertThat(refused.arguments()).containsExactly(1L);
    }

    @Test
    void tenThousandRowsAreReadAndOneMoreIsRefused() {
        StringBuilder csv = new StringBuilder("name;email;role\n");
        for (int i = 1; i <= 10_000; i++) {
            csv.append("Personne ")
                    .append(i)
                    .append(";p")
                    .append(i)
                    .append("@example.org;")
                    .append(i % 50 == 0 ? "admin" : "")
                    .append('\n');
        }
        MemberList list = read(csv.toString());
        assertThat(list.rows()).hasSize(10_000).allMatch(MemberList.Row::valid);
        assertThat(list.rows().getLast().line()).isEqualTo(10_001);

        ImportPlan plan = ImportPlan.of(list, List.of(), Map.of(), 48);
        assertThat(plan.count(ImportPlan.Fate.CREATE)).isEqualTo(48);
        assertThat(plan.count(ImportPlan.Fate.REFUSED)).isEqualTo(10_000 - 48);
        assertThat(plan.fits()).isFalse();

        csv.append("One more;more@example.org;\n");
        MemberListRefusedException refused = refusal(csv.toString().getBytes(StandardCharsets.UTF_8), LIMITS);
        assertThat(refused.code()).isEqualTo("tooManyRows");
        assertThat(refused.arguments()).containsExactly(10_000);
    }

    @Test
    void latin1AndWindows1252FilesAreRecognisedAndTheLineIsGiven() {
        Charset windows1252 = Charset.forName("windows-1252");
        byte[] latin = "Alice,alice@example.org\nHélène Dupré,helene@example.org\nŒdipe,oe@example.org\n"
                .getBytes(windows1252);

        MemberListRefusedException refused = refusal(latin, LIMITS);

        assertThat(refused.code()).isEqualTo("windows1252");
        assertThat(refused.arguments()).containsExactly(2);
        assertThat(refusal("Zoë,z@example.org".getBytes(StandardCharsets.ISO_8859_1), LIMITS)
                        .code())
                .isEqualTo("windows1252");
    }

    @Test
    void otherInvalidUtf8IsRefusedWithItsLine() {
        byte[] broken =
                concat("Alice,alice@example.org\nBob,bob@example.org\n".getBytes(StandardCharsets.UTF_8), new byte[] {
                    'X', (byte) 0xE2, (byte) 0x82, (byte) 0xC3, (byte) 0xA9, (byte) 0xC3, (byte) 0xA9, ',', 'x'
                });

        MemberListRefusedException refused = refusal(broken, LIMITS);

        assertThat(refused.code()).isEqualTo("notUtf8");
        assertThat(refused.arguments()).containsExactly(3);
        // Overlong forms and UTF-16 surrogates written as UTF-8 are not UTF-8 either.
        assertThat(CsvText.firstInvalidUtf8(new byte[] {'a', (byte) 0xC0, (byte) 0xAF}, 0))
                .isEqualTo(1);
        assertThat(CsvText.firstInvalidUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0))
                .isZero();
        assertThat(CsvText.firstInvalidUtf8("é€😀".getBytes(StandardCharsets.UTF_8), 0))
                .isEqualTo(-1);
    }

    @Test
    void binaryFilesSpreadsheetsAndUtf16AreRefusedWithTheirOwnReason() {
        assertThat(refusal(new byte[] {'a', 'b', 0, 'c'}, LIMITS).code()).isEqualTo("binary");
        byte[] noise = new byte[200];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (i % 2 == 0 ? 0x01 : 'a');
        }
        assertThat(refusal(noise, LIMITS).code()).isEqualTo("binary");
        assertThat(refusal(new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0}, LIMITS).code())
                .isEqualTo("spreadsheet");
        assertThat(refusal(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 1}, LIMITS)
                        .code())
                .isEqualTo("spreadsheet");
        assertThat(refusal("name,email\n".getBytes(StandardCharsets.UTF_16LE), LIMITS)
                        .code())
                .isEqualTo("binary");
        assertThat(refusal(
                                concat(
                                        new byte[] {(byte) 0xFF, (byte) 0xFE},
                                        "a,b".getBytes(StandardCharsets.UTF_16LE)),
                                LIMITS)
                        .code())
                .isEqualTo("utf16");
    }

    @Test
    void thePlanRefusesDuplicatesExistingAccountsAndRowsOverTheLimit() {
        MemberList list = read("A,a@example.org\nB,b@example.org\nA again,A@Example.org\nKnown,known@example.org\n"
                + "Mine,mine@example.org,admin\nC,c@example.org\nD,d@example.org\nbad,bad\n");
        List<SpacePerson> existing = List.of(
                new SpacePerson("known", "Known", "Known@example.org", false, false),
                new SpacePerson("mine", "Mine", "mine@example.org", false, false));

        ImportPlan plan = ImportPlan.of(list, existing, Map.of("mine@example.org", "mine"), 3);

        assertThat(plan.rows())
                .extracting(row -> row.fate()
                        + (row.problem() == null ? "" : ":" + row.problem().code()))
                .containsExactly(
                        "CREATE",
                        "CREATE",
                        "REFUSED:memberimport.row.duplicateInFile",
                        "REFUSED:memberimport.row.existingAccount",
                        "COMPLETE",
                        "CREATE",
                        "REFUSED:memberimport.row.overLimit",
                        "REFUSED:input.email");
        assertThat(plan.rows().get(2).problem().arguments()).containsExactly(1);
        assertThat(plan.rows().get(4).uid()).isEqualTo("mine");
        assertThat(plan.fits()).isFalse();
        assertThat(ImportPlan.of(list, existing, Map.of(), 10).fits()).isTrue();
    }

    @Test
    void uidsComeFromNamesThenEmailsAndNeverCollide() {
        Set<String> taken = new HashSet<>(Set.of("helene.dupre.roy", "member"));
        assertThat(Uids.choose("Hélène Dupré-Roy", "h@example.org", taken)).isEqualTo("helene.dupre.roy2");
        assertThat(Uids.choose("Łukasz Œuvre", "l@example.org", Set.of())).isEqualTo("lukasz.oeuvre");
        assertThat(Uids.choose("李小龍", "bruce.lee@example.org", Set.of())).isEqualTo("bruce.lee");
        assertThat(Uids.choose("***", "+++@example.org", taken)).isEqualTo("member2");
        assertThat(Uids.choose("A".repeat(300), "a@example.org", Set.of())).hasSizeLessThanOrEqualTo(40);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
