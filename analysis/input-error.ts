/** An expected failure caused by the input (bad definition, malformed responses), with a readable message. */
export class AnalysisInputError extends Error {
  override name = 'AnalysisInputError';
}
