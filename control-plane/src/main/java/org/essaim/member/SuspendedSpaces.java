package org.essaim.member;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.essaim.security.SpaceAccount;
import org.essaim.space.LiveSpaces;
import org.essaim.space.SpaceFacts;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A suspended space takes no writes. One rule, so that a new write path cannot forget it: any request that may change
 * something (every method but GET, HEAD and OPTIONS) made by a signed-in account of a suspended space is refused
 * before its handler runs, except signing in and out. Its people can still sign in, read and export. The API answers
 * 409 problem+json ({@link SpaceSuspendedException}); pages answer 409 with a page that says why. What no account
 * does (accepting an invitation, signing up through the join link) takes a place, and {@link Places#reserve} refuses
 * it for a suspended space in the same transaction. Every page of such an account shows a banner saying so.
 */
@ControllerAdvice(annotations = Controller.class)
class SuspendedSpaces implements WebMvcConfigurer {

    static final String REFUSED = "members/suspended";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> ALWAYS_ALLOWED = Set.of("/login", "/logout");

    private final LiveSpaces spaces;

    SuspendedSpaces(LiveSpaces spaces) {
        this.spaces = spaces;
    }

    /** A page's write refused (pages get a page, the API its problem+json from {@link SpaceSuspendedException}). */
    static final class PageRefused extends RuntimeException {

        private final String slug;

        PageRefused(String slug) {
            super("space " + slug + " is suspended");
            this.slug = slug;
        }
    }

    /** The signed-in account's space when it is suspended. */
    private Optional<SpaceFacts> suspendedSpaceOf(Authentication authentication) {
        return SpaceAccount.of(authentication).flatMap(account -> spaces.find(account.slug()))
                .filter(SpaceFacts::suspended);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if (READS.contains(request.getMethod()) || !(handler instanceof HandlerMethod method)
                        || ALWAYS_ALLOWED.contains(request.getServletPath())) {
                    return true;
                }
                Optional<SpaceFacts> suspended = suspendedSpaceOf(SecurityContextHolder.getContext().getAuthentication());
                if (suspended.isEmpty()) {
                    return true;
                }
                if (method.getBeanType().isAnnotationPresent(RestController.class)) {
                    throw new SpaceSuspendedException(suspended.get().slug());
                }
                throw new PageRefused(suspended.get().slug());
            }
        }).order(org.springframework.core.Ordered.LOWEST_PRECEDENCE); // after ?lang= is applied, to answer in it
    }

    @ExceptionHandler(PageRefused.class)
    @ResponseStatus(HttpStatus.CONFLICT)
    String refused(PageRefused refused, Model model) {
        SpaceFacts space = spaces.require(refused.slug);
        model.addAttribute("space", space);
        model.addAttribute("suspendedSpace", space);
        // Exception handlers get no @ModelAttribute of the advices: the layout's language links lead to the overview.
        String overview = "/spaces/" + space.slug();
        model.addAttribute("languageLinks", Map.of("fr", overview + "?lang=fr", "en", overview + "?lang=en"));
        model.addAttribute("currentPath", overview);
        return REFUSED;
    }

    /** The banner of every page a suspended space's account sees (null otherwise). */
    @ModelAttribute("suspendedSpace")
    SpaceFacts suspendedSpace() {
        return suspendedSpaceOf(SecurityContextHolder.getContext().getAuthentication()).orElse(null);
    }
}
