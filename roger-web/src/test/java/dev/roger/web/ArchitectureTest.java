package dev.roger.web;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.roger.config.PasswordHash;

/**
 * roger-web reaches the engine only through the public API and the small SPI, so the engine's
 * internals can change without breaking the web module.
 */
@AnalyzeClasses(packages = "dev.roger.web", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /**
     * PasswordHash is the one exception: it stays in dev.roger.config because the README's command
     * {@code java -cp roger-ejb-*.jar dev.roger.config.PasswordHash} names it.
     */
    @ArchTest
    static final ArchRule webUsesOnlyApiAndSpi = noClasses()
            .that()
            .resideInAPackage("dev.roger.web..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.roger..")
                    .and(not(resideInAnyPackage("dev.roger.web..", "dev.roger.api..", "dev.roger.spi..")))
                    .and(not(belongToAnyOf(PasswordHash.class))));
}
