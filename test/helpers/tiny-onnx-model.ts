/**
 * Writes a tiny BERT-shaped model that transformers.js v4 loads as a local model, so the transformer
 * embedder can be tested end to end without the model hub.
 *
 * The graph: `hidden = E[input_ids] * mask`, `last_hidden_state = hidden + sum_over_seq(hidden)`. Adding
 * the masked sum makes the [CLS] row depend on every token of the input (a bare Gather would give
 * every input the same CLS vector), and using `attention_mask` keeps padding from changing a vector.
 * Optional feed-forward layers (`x + Relu(x·W1)·W2` per token, as in a BERT layer) add compute
 * without changing that: benchmarks use them to make a forward pass cost what a real model's does.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';

// onnx-proto is CommonJS: its namespace hangs off the default export under ESM.
const { onnx } = onnxProto;

/** Options of {@link writeTinyOnnxModel}. */
export interface TinyModelOptions {
  /** Model id; the files go to `<dir>/<modelId>/`. Default `test/tiny-bert-zh`. */
  modelId?: string;
  /** Width of the hidden state. Default 16. */
  dimensions?: number;
  /** The tokenizer's `model_max_length`; small values make long-text chunking testable. Default 512. */
  maxLength?: number;
  /** Onnx file name under `onnx/`: `model_quantized.onnx` is what dtype q8 loads. */
  fileName?: string;
  /**
   * Feed-forward layers after the embedding, each `dimensions → 4·dimensions → dimensions` (BERT's
   * ratio) with a residual add. Default 0: the tests need no compute, only the shapes.
   */
  layers?: number;
}

/** Where a written tiny model lives. */
export interface TinyModel {
  /** The folder to use as transformers.js `env.localModelPath`. */
  dir: string;
  modelId: string;
  dimensions: number;
  maxLength: number;
}

/** The loader options that find `tiny` on disk and nowhere else: its id, its folder as model path and cache. */
export function tinyModelLocation(tiny: TinyModel): {
  model: string;
  localModelPath: string;
  cacheDir: string;
  allowRemote: false;
} {
  return { model: tiny.modelId, localModelPath: tiny.dir, cacheDir: tiny.dir, allowRemote: false };
}

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** The vocabulary: special tokens, ASCII digits and letters, then every CJK unified ideograph. */
function buildVocab(): string[] {
  const vocab: string[] = [...SPECIAL_TOKENS];
  for (let c = 0x30; c <= 0x39; c++) vocab.push(String.fromCharCode(c));
  for (let c = 0x61; c <= 0x7a; c++) vocab.push(String.fromCharCode(c));
  for (let c = 0x4e00; c <= 0x9fff; c++) vocab.push(String.fromCharCode(c));
  return vocab;
}

/** A deterministic pseudo-random table (mulberry32), so test vectors are the same on every run. */
function embeddingTable(rows: number, dims: number, seed: number): Float32Array {
  const table = new Float32Array(rows * dims);
  let state = seed >>> 0;
  for (let i = 0; i < table.length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    table[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  }
  return table;
}

function tensorInput(name: string, elemType: number, dims: (string | number)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
}

/** A float32 initializer. */
function floatTensor(name: string, dims: number[], values: Float32Array) {
  return onnx.TensorProto.create({
    name,
    dataType: onnx.TensorProto.DataType.FLOAT,
    dims,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  });
}

/** Weights uniform in ±1/√fan-in, so activations keep their size through a stack of layers. */
function layerWeights(rows: number, cols: number, seed: number): Float32Array {
  const weights = embeddingTable(rows, cols, seed);
  const scale = 2 / Math.sqrt(rows);
  for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) * scale;
  return weights;
}

/** The initializers and nodes of `layers` residual feed-forward blocks from `input` to `output`. */
function feedForwardLayers(dims: number, layers: number, input: string, output: string) {
  const initializer = [];
  const node = [];
  const inner = 4 * dims;
  let x = input;
  for (let l = 0; l < layers; l++) {
    const next = l === layers - 1 ? output : `ffn${l}_out`;
    initializer.push(
      floatTensor(`ffn${l}_w1`, [dims, inner], layerWeights(dims, inner, 1_000 + 2 * l)),
      floatTensor(`ffn${l}_w2`, [inner, dims], layerWeights(inner, dims, 1_001 + 2 * l)),
    );
    node.push(
      { opType: 'MatMul', input: [x, `ffn${l}_w1`], output: [`ffn${l}_up`] },
      { opType: 'Relu', input: [`ffn${l}_up`], output: [`ffn${l}_act`] },
      { opType: 'MatMul', input: [`ffn${l}_act`, `ffn${l}_w2`], output: [`ffn${l}_down`] },
      { opType: 'Add', input: [x, `ffn${l}_down`], output: [next] },
    );
    x = next;
  }
  return { initializer, node };
}

/** The ONNX model bytes. */
function modelBytes(vocabSize: number, dims: number, layers: number): Uint8Array {
  const table = embeddingTable(vocabSize, dims, 42);
  const embedded = layers > 0 ? 'embedded' : 'last_hidden_state';
  const ffn = feedForwardLayers(dims, layers, embedded, 'last_hidden_state');
  const graph = onnx.GraphProto.create({
    name: 'tiny-bert',
    initializer: [
      floatTensor('embeddings', [vocabSize, dims], table),
      onnx.TensorProto.create({
        name: 'axis_seq',
        dataType: onnx.TensorProto.DataType.INT64,
        dims: [1],
        int64Data: [1],
      }),
      onnx.TensorProto.create({
        name: 'axis_last',
        dataType: onnx.TensorProto.DataType.INT64,
        dims: [1],
        int64Data: [-1],
      }),
      ...ffn.initializer,
    ],
    node: [
      {
        opType: 'Gather',
        input: ['embeddings', 'input_ids'],
        output: ['gathered'],
        attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
      },
      {
        opType: 'Cast',
        input: ['attention_mask'],
        output: ['mask_f'],
        attribute: [
          { name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.FLOAT },
        ],
      },
      { opType: 'Unsqueeze', input: ['mask_f', 'axis_last'], output: ['mask_3d'] },
      { opType: 'Mul', input: ['gathered', 'mask_3d'], output: ['hidden'] },
      {
        opType: 'ReduceSum',
        input: ['hidden', 'axis_seq'],
        output: ['summed'],
        attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
      },
      { opType: 'Add', input: ['hidden', 'summed'], output: [embedded] },
      ...ffn.node,
    ],
    input: [
      tensorInput('input_ids', onnx.TensorProto.DataType.INT64, ['batch', 'sequence']),
      tensorInput('attention_mask', onnx.TensorProto.DataType.INT64, ['batch', 'sequence']),
    ],
    output: [tensorInput('last_hidden_state', onnx.TensorProto.DataType.FLOAT, ['batch', 'sequence', dims])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'policy-search-tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/** A BERT WordPiece `tokenizer.json` in the Hugging Face tokenizers format. */
function tokenizerJson(vocab: string[]): unknown {
  const ids = Object.fromEntries(vocab.map((token, id) => [token, id]));
  const special = (token: string) => ({ id: token, ids: [ids[token]], tokens: [token] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: ids[content],
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: ids,
    },
  };
}

/** Writes the tiny model (onnx, tokenizer, configs) under a fresh temp folder and says where. */
export function writeTinyOnnxModel(options: TinyModelOptions = {}): TinyModel {
  const modelId = options.modelId ?? 'test/tiny-bert-zh';
  const dimensions = options.dimensions ?? 16;
  const maxLength = options.maxLength ?? 512;
  const dir = mkdtempSync(join(tmpdir(), 'tiny-onnx-'));
  const modelDir = join(dir, modelId);
  mkdirSync(join(modelDir, 'onnx'), { recursive: true });
  const vocab = buildVocab();
  writeFileSync(
    join(modelDir, 'onnx', options.fileName ?? 'model_quantized.onnx'),
    modelBytes(vocab.length, dimensions, options.layers ?? 0),
  );
  writeFileSync(join(modelDir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
  writeFileSync(
    join(modelDir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: maxLength,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
    }),
  );
  writeFileSync(
    join(modelDir, 'config.json'),
    JSON.stringify({
      model_type: 'bert',
      architectures: ['BertModel'],
      hidden_size: dimensions,
      vocab_size: vocab.length,
      max_position_embeddings: maxLength,
      pad_token_id: 0,
    }),
  );
  return { dir, modelId, dimensions, maxLength };
}
