package io.github.batchaudience.examples.camelmain;

import org.apache.camel.main.Main;

/** Camel Main: application.properties from the class path, the routes of this package. */
public final class CrmApplication {
    private CrmApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(CrmApplication.class);
        main.run(args);
    }
}
