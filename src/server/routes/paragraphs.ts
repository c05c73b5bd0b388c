import { Router } from 'express';
import { parseId, parseSimilarParams } from '../../contract/params.ts';
import { SearchError } from '../../errors.ts';
import type { Searcher } from '../../search/searcher.ts';

/** The answer of `GET /api/paragraphs/:id` for the path parameter `id` (this route's and the lean path's). */
export function answerParagraph(searcher: Searcher, id: string) {
  const found = searcher.paragraph(parseId(id, 'paragraph'));
  if (!found) throw new SearchError('NOT_FOUND', 'No paragraph with this id.');
  return found;
}

/** The answer of `GET /api/paragraphs/:id/similar` (this route's and the lean path's). */
export async function answerSimilar(searcher: Searcher, id: string, query: unknown) {
  const paragraphId = parseId(id, 'paragraph');
  const options = parseSimilarParams(query);
  const hits = await searcher.similar(paragraphId, options);
  if (!hits) throw new SearchError('NOT_FOUND', 'No paragraph with this id.');
  return { hits };
}

/** `GET /api/paragraphs/:id` (with its neighbours) and `GET /api/paragraphs/:id/similar`. */
export function paragraphRoutes(searcher: Searcher): Router {
  const router = Router();
  router.get('/api/paragraphs/:id', (req, res) => {
    res.json(answerParagraph(searcher, req.params.id));
  });
  router.get('/api/paragraphs/:id/similar', async (req, res) => {
    res.json(await answerSimilar(searcher, req.params.id, req.query));
  });
  return router;
}
