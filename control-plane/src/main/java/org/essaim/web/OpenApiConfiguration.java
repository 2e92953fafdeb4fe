package org.essaim.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** What {@code /v3/api-docs} says about the API as a whole. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Essaim API",
                        version = "v1",
                        description =
                                "Applications (public) and the staff's review console. Errors are RFC 9457 problem+json; invalid "
                                        + "input lists one entry per field in `errors` (field, code, localized message). Messages follow "
                                        + "Accept-Language (French or English)."))
@SecurityScheme(
        name = "basic",
        type = SecuritySchemeType.HTTP,
        scheme = "basic",
        description = "A staff account of the directory")
class OpenApiConfiguration {}
