package dev.flowc.samples.etl;

import com.google.inject.AbstractModule;
import dev.flowc.runtime.guice.HandlerBinder;

/**
 * Binds the handlers that {@code samples/etl-v2/pipeline.flow} uses besides {@link EtlModule}'s
 * {@code etl.load-to-warehouse}. Named in {@code samples/etl-v2/flowc.yaml} and declared as a
 * {@code com.google.inject.Module} service.
 */
public final class EtlV2Module extends AbstractModule {
  public static final String LIST_FILES = "files.list";
  public static final String NORMALIZE_FILE = "etl.normalize-file";
  public static final String PAGE_ONCALL = "ops.page-oncall";

  @Override
  protected void configure() {
    HandlerBinder.of(binder())
        .bind(LIST_FILES, ListInbox.class)
        .bind(NORMALIZE_FILE, NormalizeFile.class)
        .bind(PAGE_ONCALL, PageOncall.class);
  }

  // Installed once when it is both named in flowc.yaml and found as a service.
  @Override
  public boolean equals(Object other) {
    return other instanceof EtlV2Module;
  }

  @Override
  public int hashCode() {
    return EtlV2Module.class.hashCode();
  }
}
