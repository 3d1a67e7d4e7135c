package dev.scanledger;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
@SpringBootApplication
public class ScanledgerApplication {
    public static void main(String[] args) { SpringApplication.run(ScanledgerApplication.class, args); }
}
