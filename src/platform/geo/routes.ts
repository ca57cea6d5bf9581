// GET /api/v1/places?q=…: place autocomplete for "groups near …" (postcode or name prefix).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { suggestPlaceMatches } from './index.ts';

export const PLACES_LIMIT = 8;

export const PlacesQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 100, description: 'Postcode (prefix) or place name (prefix); case, umlauts and punctuation do not matter' }),
});

export const PlacesResponse = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.Integer(),
    label: Type.String({ description: 'Unique display name, e.g. "Frankfurt (Oder)"' }),
    region: Type.String({ description: 'Bundesland' }),
    postcode: Type.Optional(Type.String({ description: 'The matching postcode, when q was a postcode (prefix)' })),
  }), { maxItems: PLACES_LIMIT }),
});

export const placesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/places', {
    schema: {
      summary: 'Find German places by postcode or name (autocomplete)',
      tags: ['places'],
      querystring: PlacesQuery,
      response: { 200: PlacesResponse },
    },
  }, async (req, reply) => {
    const items = suggestPlaceMatches(req.query.q, PLACES_LIMIT).map(({ place, postcode }) => ({
      id: place.id, label: place.label, region: place.region, ...(postcode ? { postcode } : {}),
    }));
    // The answer depends only on q and the shipped table.
    reply.header('cache-control', 'public, max-age=86400');
    return { items };
  });
};
