package org.ddrrbus.casework.web;

import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * English and Kiswahili, Kenya's official languages. The switch on every page adds {@code ?lang=sw} (or {@code en}),
 * and the choice is kept in a cookie; without one, the browser's preference decides, and English otherwise.
 */
@Configuration(proxyBeanMethods = false)
class Languages implements WebMvcConfigurer {

    static final String PARAMETER = "lang";
    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("sw"));

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("ddrr-language");
        resolver.setDefaultLocaleFunction(request -> {
            Locale wanted = request.getLocale();
            return SUPPORTED.stream()
                    .filter(l -> wanted != null && l.getLanguage().equals(wanted.getLanguage()))
                    .findFirst()
                    .orElse(Locale.ENGLISH);
        });
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor() {
            @Override
            public boolean preHandle(
                    jakarta.servlet.http.HttpServletRequest request,
                    jakarta.servlet.http.HttpServletResponse response,
                    Object handler)
                    throws jakarta.servlet.ServletException {
                String wanted = request.getParameter(PARAMETER);
                // Only the two languages of the pages; anything else is ignored rather than refused.
                if (wanted != null
                        && SUPPORTED.stream().noneMatch(l -> l.getLanguage().equals(wanted))) {
                    return true;
                }
                return super.preHandle(request, response, handler);
            }
        };
        change.setParamName(PARAMETER);
        registry.addInterceptor(change).addPathPatterns("/", "/login", "/cases", "/cases/**");
    }
}
