///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS org.apache.camel:camel-bom:4.17.0@pom
//DEPS org.apache.camel:camel-jbang-core:4.17.0

import org.apache.camel.dsl.jbang.core.commands.CamelJBangMain;

/**
 * Camel JBang's {@code camel} command from Maven Central alone, for machines that cannot fetch
 * Camel's own launcher from GitHub ({@code jbang app install camel@apache/camel}): the same
 * entry point at 4.17.0, the newest Camel JBang our build machines get from Maven Central
 * (4.18.0's is not served to them).
 */
class CamelJBang {
    public static void main(String... args) {
        CamelJBangMain.run(args);
    }
}
