// API schemas of the forum (validation and OpenAPI from one source).
import { Type } from 'typebox';
import { CRISIS_CHOICES } from '../moderation/index.ts';

export const Problem = Type.Object({
  type: Type.String(), title: Type.String(), status: Type.Integer(), code: Type.String(), instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});

export const CategoryItem = Type.Object({
  slug: Type.String(), name: Type.String(), description: Type.String(), readAccess: Type.String(), anonymousAllowed: Type.Boolean(), locked: Type.Boolean(),
  threads: Type.Integer(), posts: Type.Integer(), url: Type.String(),
});
export const CategoryList = Type.Object({ items: Type.Array(CategoryItem) });

export const ThreadsQuery = Type.Object({ category: Type.String({ maxLength: 140 }), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) });
export const ThreadItem = Type.Object({
  id: Type.Integer(), title: Type.String(), url: Type.String(), author: Type.String(), anonymous: Type.Boolean(), replies: Type.Integer(), lastPostAt: Type.String(),
  createdAt: Type.String(), contentNote: Type.String(), status: Type.String(), locked: Type.Boolean(),
});
export const ThreadList = Type.Object({ items: Type.Array(ThreadItem), total: Type.Integer(), page: Type.Integer() });

export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const PostsQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) });
export const PostItem = Type.Object({
  id: Type.Integer(), number: Type.Integer(), author: Type.String(), anonymous: Type.Boolean(), html: Type.String(), createdAt: Type.String(),
  editedAt: Type.Union([Type.String(), Type.Null()]), status: Type.String(), contentNote: Type.String(),
  reactions: Type.Object({ thanks: Type.Integer(), relate: Type.Integer(), hug: Type.Integer() }),
});
export const PostList = Type.Object({ items: Type.Array(PostItem), total: Type.Integer(), page: Type.Integer(), thread: Type.Object({ id: Type.Integer(), title: Type.String(), category: Type.String() }) });

export const NewThreadBody = Type.Object({
  category: Type.String({ minLength: 1, maxLength: 140 }),
  title: Type.String({ maxLength: 1000 }),
  body: Type.String({ maxLength: 200_000 }),
  anonymous: Type.Optional(Type.Boolean()),
  contentNote: Type.Optional(Type.String({ maxLength: 40 })),
  crisisChoice: Type.Optional(Type.Union(CRISIS_CHOICES.map((c) => Type.Literal(c)), { description: 'After a 409 crisis-check answer: what should happen with the text.' })),
});
export const NewPostBody = Type.Object({
  body: Type.String({ maxLength: 200_000 }),
  anonymous: Type.Optional(Type.Boolean()),
  contentNote: Type.Optional(Type.String({ maxLength: 40 })),
  crisisChoice: Type.Optional(Type.Union(CRISIS_CHOICES.map((c) => Type.Literal(c)), { description: 'After a 409 crisis-check answer: what should happen with the text.' })),
});
/** 202: nothing was published (kept as a draft, or sent to the moderators only). */
export const Held = Type.Object({ status: Type.String(), id: Type.Optional(Type.Integer()), threadId: Type.Optional(Type.Integer()) });
export const Created = Type.Object({ id: Type.Integer(), threadId: Type.Integer(), number: Type.Integer(), url: Type.String(), status: Type.String() });

export const SearchQuery = Type.Object({
  q: Type.String({ maxLength: 300 }), category: Type.Optional(Type.String({ maxLength: 140 })), author: Type.Optional(Type.String({ maxLength: 80 })),
  from: Type.Optional(Type.String({ maxLength: 10 })), to: Type.Optional(Type.String({ maxLength: 10 })), mine: Type.Optional(Type.Boolean()), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
});
export const SearchResult = Type.Object({
  items: Type.Array(Type.Object({ postId: Type.Integer(), threadId: Type.Integer(), number: Type.Integer(), title: Type.String(), url: Type.String(), author: Type.String(), createdAt: Type.String(), excerpt: Type.String() })),
  total: Type.Integer(),
  capped: Type.Boolean(),
});
