/**
 * The reviewed phrase table applied after character-level traditional→simplified conversion.
 *
 * OpenCC's phrase-level Taiwan→mainland table also rewrites IT vocabulary (核心→内核, 指标→指针,
 * 文件→文档, 整合→集成) and so corrupts policy text. Instead we convert character by character and
 * map only the policy phrases below, each found by reading a Taiwan-phrased copy of a mainland
 * document (seed 002) after character conversion. Keys are in simplified characters.
 */

/**
 * Taiwan terms that never occur in mainland writing, so they are safe to map in any text,
 * including queries typed in simplified characters.
 */
export const TAIWAN_ONLY_PHRASES: Readonly<Record<string, string>> = {
  智慧财产权: '知识产权',
  巨观: '宏观',
  计画: '计划',
  最佳化: '优化',
  智慧型化: '智能化',
  数位化: '数字化',
  积体电路: '集成电路',
  东协: '东盟',
};

/**
 * Mappings that are right for a Taiwan-phrased copy but could be wrong in mainland text
 * (套用 and 网路 are rare but valid mainland words; 资金炼 is an artefact of 鍊→炼), so they run
 * only on text judged traditional.
 */
export const TAIWAN_COPY_PHRASES: Readonly<Record<string, string>> = {
  网路: '网络',
  套用: '应用',
  资料库: '数据库',
  法务部: '司法部',
  著力: '着力',
  资金炼: '资金链',
};

/**
 * Stray characters a copy-and-paste inserted into words (seed 002, e.g. 知识产樱喇立权), with enough
 * context on each side that the key cannot occur in real text. Applied to all text: harmless elsewhere.
 */
export const STRAY_CHARACTER_REPAIRS: Readonly<Record<string, string>> = {
  知识产樱喇立权: '知识产权',
  关键寻篮格基础性: '关键基础性',
  作炒愚用: '作用',
  更艰悼请甩好: '更好',
  国家耻屑旬提供: '国家提供',
  创造达狱宙祝和: '创造和',
  配合臭凝承做好: '配合做好',
};
