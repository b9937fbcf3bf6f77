/**
 * The handlers of the ETL sample ({@code samples/etl/pipeline.flow}): two extracts (a JSON file
 * standing in for an API, and a CSV export), a normalize that maps both to one event schema, and a
 * load into a table of a SQLite "warehouse". {@link dev.flowc.samples.etl.EtlModule} binds them
 * under the names the pipeline uses.
 */
package dev.flowc.samples.etl;
