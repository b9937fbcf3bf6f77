package dev.flowc.samples.etl;

import com.google.inject.AbstractModule;
import dev.flowc.runtime.guice.HandlerBinder;

/**
 * Binds the ETL sample's handlers under the names {@code samples/etl/pipeline.flow} uses. Named in
 * {@code samples/etl/flowc.yaml} and declared as a {@code com.google.inject.Module} service, so
 * flowc finds it either way.
 */
public final class EtlModule extends AbstractModule {
  public static final String EXTRACT_API = "etl.extract-api";
  public static final String EXTRACT_CSV = "etl.extract-csv";
  public static final String NORMALIZE = "etl.normalize";
  public static final String LOAD_TO_WAREHOUSE = "etl.load-to-warehouse";

  @Override
  protected void configure() {
    HandlerBinder.of(binder())
        .bind(EXTRACT_API, ExtractApi.class)
        .bind(EXTRACT_CSV, ExtractCsv.class)
        .bind(NORMALIZE, Normalize.class)
        .bind(LOAD_TO_WAREHOUSE, LoadToWarehouse.class);
  }

  // Installed once when it is both named in flowc.yaml and found as a service.
  @Override
  public boolean equals(Object other) {
    return other instanceof EtlModule;
  }

  @Override
  public int hashCode() {
    return EtlModule.class.hashCode();
  }
}
