package dev.flowc.cli;

/** Small pipelines the command tests share. */
final class Pipelines {
  private Pipelines() {}

  /** Checks and compiles without a diagnostic. */
  static final String VALID =
      """
      pipeline etl {
        description "Extract, then load"
        params {
          table: string = "analytics.events"
        }
        queue extract { concurrency 4 }
        stage extract_api {
          handler "etl.extract-api"
          queue extract
        }
        stage load after extract_api {
          handler "etl.load"
          input { rows: extract_api.result, table: params.table }
        }
      }
      """;

  /** Two errors (an unknown stage with a suggestion, a duplicate stage) and one warning. */
  static final String TWO_ERRORS_ONE_WARNING =
      """
      pipeline broken {
        queue spare {}
        stage normalize_a { handler "etl.normalize" }
        stage load after normalise_a { handler "etl.load" }
        stage load { handler "etl.load" }
      }
      """;

  /** Only warnings: an unused param and an unused queue. */
  static final String WARNINGS_ONLY =
      """
      pipeline p {
        params {
          unused: int = 3
        }
        queue spare {}
        stage a { handler "x" }
      }
      """;

  /** A param without a default, used by a stage. */
  static final String REQUIRED_PARAM =
      """
      pipeline p {
        params {
          table: string
          limit: int = 10
        }
        stage load {
          handler "etl.load"
          input { table: params.table, limit: params.limit }
        }
      }
      """;
}
