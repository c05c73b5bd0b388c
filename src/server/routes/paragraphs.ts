import { Router } from 'express';
import { parseId, parseSimilarParams } from '../../contract/params.ts';
import { SearchError } from '../../errors.ts';
import type { Searcher } from '../../search/searcher.ts';

/** `GET /api/paragraphs/:id` (with its neighbours) and `GET /api/paragraphs/:id/similar`. */
export function paragraphRoutes(searcher: Searcher): Router {
  const router = Router();
  router.get('/api/paragraphs/:id', (req, res) => {
    const found = searcher.paragraph(parseId(req.params.id, 'paragraph'));
    if (!found) throw new SearchError('NOT_FOUND', 'No paragraph with this id.');
    res.json(found);
  });
  router.get('/api/paragraphs/:id/similar', async (req, res) => {
    const id = parseId(req.params.id, 'paragraph');
    const options = parseSimilarParams(req.query);
    const hits = await searcher.similar(id, options);
    if (!hits) throw new SearchError('NOT_FOUND', 'No paragraph with this id.');
    res.json({ hits });
  });
  return router;
}
