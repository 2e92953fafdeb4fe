package org.essaim.architecture;

import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Controllers call services only: no {@code @Controller}, {@code @RestController} or {@code @ControllerAdvice} of
 * the application takes a {@link DSLContext} or a transaction template ({@link TransactionOperations}, which
 * {@code TransactionTemplate} is), in a constructor or a field. Queries and transactions live in the feature's
 * services, where they are written once and tested alone (issue 14, item 3).
 */
class ControllersCallServicesTest {

    private static final List<Class<?>> FORBIDDEN = List.of(DSLContext.class, TransactionOperations.class);

    @Test
    void noControllerTakesTheDatabaseOrATransaction() throws ClassNotFoundException {
        Map<String, List<String>> found = new TreeMap<>();
        List<Class<?>> controllers = applicationControllers();
        for (Class<?> controller : controllers) {
            List<String> offences = offences(controller);
            if (!offences.isEmpty()) {
                found.put(controller.getName(), offences);
            }
        }
        assertThat(controllers).as("the scan finds the application's controllers")
                .extracting(Class::getName)
                .contains("org.essaim.member.MemberApi", "org.essaim.member.SpaceAdminConsole",
                        "org.essaim.member.SuspendedSpaces", "org.essaim.space.SpaceConsole");
        assertThat(found).as("controllers that take the database or a transaction").isEmpty();
    }

    @Test
    void theCheckSeesAConstructorAndAFieldOfEitherKind() {
        assertThat(offences(TakesTheDatabase.class)).containsExactly("constructor parameter org.jooq.DSLContext");
        assertThat(offences(HoldsATransaction.class))
                .containsExactly("field transaction: org.springframework.transaction.support.TransactionTemplate");
        assertThat(offences(CallsAService.class)).isEmpty();
    }

    /** The application's controllers and controller advices, from its classes (not the tests'). */
    private static List<Class<?>> applicationControllers() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
        scanner.addIncludeFilter(new AnnotationTypeFilter(ControllerAdvice.class));
        List<Class<?>> controllers = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("org.essaim")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            String location = type.getProtectionDomain().getCodeSource().getLocation().toString();
            if (!location.contains("test-classes")) {
                controllers.add(type);
            }
        }
        return controllers;
    }

    private static List<String> offences(Class<?> controller) {
        List<String> offences = new ArrayList<>();
        for (Constructor<?> constructor : controller.getDeclaredConstructors()) {
            for (Class<?> parameter : constructor.getParameterTypes()) {
                if (forbidden(parameter)) {
                    offences.add("constructor parameter " + parameter.getName());
                }
            }
        }
        for (Class<?> type = controller; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (forbidden(field.getType())) {
                    offences.add("field " + field.getName() + ": " + field.getType().getName());
                }
            }
        }
        return offences;
    }

    private static boolean forbidden(Class<?> type) {
        return FORBIDDEN.stream().anyMatch(forbidden -> forbidden.isAssignableFrom(type));
    }

    @Controller
    static class TakesTheDatabase {

        TakesTheDatabase(DSLContext db) {
            db.getClass();
        }
    }

    @RestController
    static class HoldsATransaction {

        private org.springframework.transaction.support.TransactionTemplate transaction;
    }

    @RestController
    static class CallsAService {

        private final Runnable service;

        CallsAService(Runnable service) {
            this.service = service;
        }
    }
}
