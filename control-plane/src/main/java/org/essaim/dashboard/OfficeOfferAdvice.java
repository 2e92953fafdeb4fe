package org.essaim.dashboard;

import org.essaim.space.OfficeOffer;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The staff dashboard shows which office suites the platform runs (fragment staff/fragments/office-suites). */
@ControllerAdvice(assignableTypes = DashboardPage.class)
class OfficeOfferAdvice {

    private final OfficeOffer offer;

    OfficeOfferAdvice(OfficeOffer offer) {
        this.offer = offer;
    }

    @ModelAttribute("officeOffer")
    OfficeOffer officeOffer() {
        return offer;
    }
}
