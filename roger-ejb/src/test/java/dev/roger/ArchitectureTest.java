package dev.roger;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The engine's package rules, checked in every build so they cannot rot. roger-web checks its own side
 * (that it reaches the engine only through {@code dev.roger.api} and {@code dev.roger.spi}).
 */
@AnalyzeClasses(packages = "dev.roger", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Packages form a hierarchy: one can be understood, tested and changed without the ones above it. */
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.roger.(*)..").should().beFreeOfCycles();

    /** The public API is what users compile against; it must not drag the engine's internals with it. */
    @ArchTest
    static final ArchRule apiDependsOnNoEnginePackage = noClasses()
            .that()
            .resideInAPackage("dev.roger.api..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.roger..").and(not(resideInAPackage("dev.roger.api.."))));

    /** The SPI is shared with roger-web; like the API it must not pull in the engine. */
    @ArchTest
    static final ArchRule spiDependsOnApiOnly = noClasses()
            .that()
            .resideInAPackage("dev.roger.spi..")
            .should()
            .dependOnClassesThat(
                    resideInAPackage("dev.roger..").and(not(resideInAnyPackage("dev.roger.spi..", "dev.roger.api.."))));

    /** A store's interface lives beside the feature that uses it; only its JDBC adapter is in {@code state}. */
    @ArchTest
    static final ArchRule storeInterfacesLiveInTheirFeatures = noClasses()
            .that()
            .areInterfaces()
            .and()
            .haveSimpleNameEndingWith("Store")
            .should()
            .resideInAPackage("dev.roger.state..");

    /** JDBC stays in the adapters: every other package talks to a store interface. */
    @ArchTest
    static final ArchRule jdbcOnlyInTheStatePackage = noClasses()
            .that()
            .resideOutsideOfPackage("dev.roger.state..")
            .and()
            .doNotHaveFullyQualifiedName("dev.roger.engine.RogerEngine") // looks the DataSource up
            .should()
            .dependOnClassesThat(resideInAnyPackage("java.sql..", "javax.sql.."));

    /** The features reach the database only through their store interfaces, never the adapters. */
    @ArchTest
    static final ArchRule onlyTheCompositionRootReachesTheAdapters = noClasses()
            .that()
            .resideOutsideOfPackages("dev.roger.state..", "dev.roger.engine..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.roger.state.."));

    /**
     * A constructor says what a class touches; more than ten things is more than one concern (a value's
     * record may have more components: it holds data, not collaborators).
     */
    @ArchTest
    static final ArchRule noServiceConstructorTakesMoreThanTenParameters =
            com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors()
                    .that()
                    .areDeclaredInClassesThat(
                            not(com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo(Record.class)))
                    .should(
                            new com.tngtech.archunit.lang.ArchCondition<
                                    com.tngtech.archunit.core.domain.JavaConstructor>("take at most 10 parameters") {
                                @Override
                                public void check(
                                        com.tngtech.archunit.core.domain.JavaConstructor constructor,
                                        com.tngtech.archunit.lang.ConditionEvents events) {
                                    int count =
                                            constructor.getRawParameterTypes().size();
                                    if (count > 10) {
                                        events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(
                                                constructor,
                                                constructor.getFullName() + " takes " + count + " parameters"));
                                    }
                                }
                            });

    /**
     * The container's proxy of an EJB lives in another module: a public method that returns a type it
     * cannot see fails only at run time, with an {@code IllegalAccessError} (it happened to
     * {@code RogerEngine.roger()} once).
     */
    @ArchTest
    static final ArchRule ejbMethodsReturnPublicTypes = methods()
            .that()
            .areDeclaredInClassesThat()
            .areAnnotatedWith(jakarta.ejb.Singleton.class)
            .and()
            .arePublic()
            .should()
            .haveRawReturnType(modifier(JavaModifier.PUBLIC));
}
