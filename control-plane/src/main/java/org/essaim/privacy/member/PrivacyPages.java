package org.essaim.privacy.member;

import org.essaim.member.SpaceAccess;
import org.essaim.security.SpaceAccount;
import org.essaim.space.SpaceRegistry;
import org.essaim.web.NotFoundException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A space's privacy pages: the admins' member-list export ({@code /spaces/{slug}/export}, linked from the console's
 * navigation) and every member's "what Essaim holds about me" ({@code /spaces/{slug}/me/data}, linked from the
 * profile), each with its download. Which space, and whether an admin, is checked by {@link SpaceAccess}: another
 * space answers 404, a member who is not an admin 403 on the export.
 */
@Controller
class PrivacyPages {

    static final String EXPORT = "privacy/export";
    static final String MY_DATA = "privacy/my-data";

    private final SpaceAccess access;
    private final SpaceRegistry registry;
    private final MemberListExport export;
    private final PersonalData personalData;

    PrivacyPages(SpaceAccess access, SpaceRegistry registry, MemberListExport export, PersonalData personalData) {
        this.access = access;
        this.registry = registry;
        this.export = export;
        this.personalData = personalData;
    }

    @GetMapping("/spaces/{slug}/export")
    String exportPage(@PathVariable String slug, Authentication authentication, Model model) {
        access.admin(authentication, slug);
        model.addAttribute("space", registry.findBySlug(slug).orElseThrow(() -> new NotFoundException("space")));
        return EXPORT;
    }

    @GetMapping("/spaces/{slug}/members/export.csv")
    ResponseEntity<byte[]> download(@PathVariable String slug, Authentication authentication, Locale locale) {
        SpaceAccount admin = access.admin(authentication, slug);
        return csv(export.export(slug, admin.getName(), locale));
    }

    @GetMapping("/spaces/{slug}/me/data")
    String myData(@PathVariable String slug, Authentication authentication, Locale locale, Model model) {
        SpaceAccount account = access.member(authentication, slug);
        model.addAttribute("data", personalData.about(account, locale));
        return MY_DATA;
    }

    @GetMapping("/spaces/{slug}/me/data.json")
    ResponseEntity<PersonalData.MyData> myDataFile(
            @PathVariable String slug, Authentication authentication, Locale locale) {
        SpaceAccount account = access.member(authentication, slug);
        PersonalData.MyData data = personalData.about(account, locale);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(slug + "-" + account.uid() + "-data.json"))
                .contentType(MediaType.APPLICATION_JSON)
                .body(data);
    }

    /** The export as a download, for the page and the API alike. */
    static ResponseEntity<byte[]> csv(MemberListExport.Export file) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(file.filename()))
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(file.csv());
    }

    private static String attachment(String filename) {
        return ContentDisposition.attachment().filename(filename).build().toString();
    }
}
