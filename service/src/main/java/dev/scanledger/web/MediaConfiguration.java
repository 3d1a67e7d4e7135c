package dev.scanledger.web;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves stored uploads back at /media/, as Django's MEDIA_URL. A stored name is a random UUID and is never reused
 * (a replaced photo gets a new name), so clients and proxies may keep a photo for a year without asking again;
 * nosniff (from the security headers) keeps a browser from reading one as anything but its declared type.
 */
@Configuration(proxyBeanMethods = false)
class MediaConfiguration implements WebMvcConfigurer {

    private final Path mediaRoot;

    MediaConfiguration(@Value("${scanledger.media.dir}") String mediaDir) {
        this.mediaRoot = Path.of(mediaDir).toAbsolutePath();
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/media/**")
                .addResourceLocations(mediaRoot.toUri().toString() + "/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    }
}
