package org.essaim.web;

import org.springframework.validation.BindingResult;

import java.util.List;
import java.util.Set;

/** Puts what the services found wrong into a form's binding result, so the page shows it next to each field. */
public final class FormErrors {

    private FormErrors() {}

    /** Problems on a field the form has go next to it; any other becomes a message for the whole form. */
    public static void add(BindingResult errors, List<FieldProblem> problems, Set<String> formFields) {
        for (FieldProblem problem : problems) {
            if (formFields.contains(problem.field())) {
                errors.rejectValue(problem.field(), problem.code(), problem.argumentArray(), problem.code());
            } else {
                errors.reject(problem.code(), problem.argumentArray(), problem.code());
            }
        }
    }
}
