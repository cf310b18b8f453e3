// The learned classifier's file: a small JSON header (features, outputs, biases, scales) followed
// by one signed byte per weight. Quantising to 8 bits keeps a million buckets under 6 MB and
// costs nothing measurable in quality (see the model card).

import type { ModerationCategory } from "@chatmod/core/moderation-categories";
import type { FeatureSpec } from "./classifier-features.ts";

export interface ClassifierModel {
  spec: FeatureSpec;
  /** The categories the model was trained for, in the order of its weights; the others score 0. */
  outputs: ModerationCategory[];
  biases: number[];
  /** A weight is its byte times its output's scale. */
  scales: number[];
  /** Bucket-major: weights[bucket * outputs.length + output], so one bucket's weights sit together. */
  weights: Int8Array;
}

const MAGIC = "CMCL";
const FORMAT_VERSION = 1;

interface ModelHeader {
  format: number;
  spec: FeatureSpec;
  outputs: ModerationCategory[];
  biases: number[];
  scales: number[];
}

/** The file's bytes: magic, header length (uint32 LE), header JSON, padding to 4 bytes, weights. */
export function encodeModel(model: ClassifierModel): Uint8Array {
  const header: ModelHeader = {
    format: FORMAT_VERSION,
    spec: model.spec,
    outputs: model.outputs,
    biases: model.biases,
    scales: model.scales,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const weightsAt = Math.ceil((8 + json.length) / 4) * 4;
  const bytes = new Uint8Array(weightsAt + model.weights.length);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(4, json.length, true);
  bytes.set(json, 8);
  bytes.set(new Uint8Array(model.weights.buffer, model.weights.byteOffset, model.weights.length), weightsAt);
  return bytes;
}

export function decodeModel(bytes: Uint8Array): ClassifierModel {
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error("not a moderation classifier model");
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as ModelHeader;
  if (header.format !== FORMAT_VERSION) throw new Error(`model format ${header.format}, expected ${FORMAT_VERSION}`);
  const weightsAt = Math.ceil((8 + headerLength) / 4) * 4;
  const expected = (1 << header.spec.bucketBits) * header.outputs.length;
  const weights = new Int8Array(bytes.buffer, bytes.byteOffset + weightsAt, bytes.length - weightsAt);
  if (weights.length !== expected) throw new Error(`model has ${weights.length} weights, expected ${expected}`);
  return { spec: header.spec, outputs: header.outputs, biases: header.biases, scales: header.scales, weights };
}
