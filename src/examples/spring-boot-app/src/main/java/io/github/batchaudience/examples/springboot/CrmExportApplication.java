package io.github.batchaudience.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Sends the CRM's exports of VIP users to the Batch audience vip-users. */
@SpringBootApplication
public class CrmExportApplication {

    public static void main(String[] args) {
        SpringApplication.run(CrmExportApplication.class, args);
    }
}
