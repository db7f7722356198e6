import { Arg, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { BadUserInputError } from '../../common/errors.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { BodyType } from '../../platform/bodies/body.type.js';
import type { LibraryCategory } from '../documents/document.entity.js';
import { LibraryCategoryEnum } from '../documents/document.type.js';
import { excerpt, searchBody } from './document-search.js';

@ObjectType('TextSpan', { description: 'A part of a text: `length` characters from `start`.' })
@Access('authenticated')
export class TextSpanType {
  @Field(() => Int)
  start!: number;

  @Field(() => Int)
  length!: number;
}

@ObjectType('DocumentSearchHit', { description: 'A page of a document that matches a search.' })
@Access('authenticated')
export class DocumentSearchHitType {
  @Field(() => BodyType)
  body!: BodyType;

  @Field(() => ID, { nullable: true, description: 'Null for a document of the library.' })
  meetingId!: string | null;

  @Field(() => String, { nullable: true })
  meetingTitle!: string | null;

  @Field(() => Date, { nullable: true })
  meetingStartsAt!: Date | null;

  @Field(() => LibraryCategoryEnum, {
    nullable: true,
    description: 'The library section of a library document; null for a meeting document.',
  })
  libraryCategory!: LibraryCategory | null;

  @Field(() => ID)
  documentId!: string;

  @Field()
  documentTitle!: string;

  @Field(() => ID, { description: 'The latest version, the one searched.' })
  versionId!: string;

  @Field(() => Int)
  pageNumber!: number;

  @Field({ description: 'A passage of the page around the first word found.' })
  excerpt!: string;

  @Field(() => [TextSpanType], { description: 'Where the words searched are in `excerpt`.' })
  highlights!: TextSpanType[];

  @Field(() => Float)
  rank!: number;
}

const queryLength = { min: 2, max: 200 };

@Resolver()
export class DocumentSearchResolver {
  @Query(() => [DocumentSearchHitType], {
    description:
      'Full-text search (French, accents ignored; "a phrase", -word, or) in the latest version of every document of every meeting and of the library of the bodies the caller belongs to; best pages first.',
  })
  @Access('authenticated')
  async searchDocuments(
    @Ctx() { bodies }: GraphqlContext,
    @Arg('query') query: string,
    @Arg('limit', () => Int, { defaultValue: 30 }) limit: number,
  ): Promise<DocumentSearchHitType[]> {
    const words = query.trim();
    if (words.length < queryLength.min || words.length > queryLength.max) {
      throw new BadUserInputError(`La recherche doit compter de ${queryLength.min} à ${queryLength.max} caractères.`, { field: 'query' });
    }
    const count = Math.min(Math.max(limit, 1), 100);
    const perBody = await Promise.all(
      (await bodies.readableBodies()).map(async (body) =>
        (await searchBody(bodies.context(body, 'read'), words, count)).map((match) => ({ body, match })),
      ),
    );
    return perBody
      .flat()
      .sort((a, b) => b.match.rank - a.match.rank || (b.match.meetingStartsAt?.getTime() ?? 0) - (a.match.meetingStartsAt?.getTime() ?? 0))
      .slice(0, count)
      .map(({ body, match }) => {
        const { text, highlights } = excerpt(match.text, words);
        return Object.assign(new DocumentSearchHitType(), {
          body: BodyType.from(body),
          meetingId: match.meetingId,
          meetingTitle: match.meetingTitle,
          meetingStartsAt: match.meetingStartsAt,
          libraryCategory: match.libraryCategory,
          documentId: match.documentId,
          documentTitle: match.documentTitle,
          versionId: match.versionId,
          pageNumber: match.pageNumber,
          excerpt: text,
          highlights: highlights.map((span) => Object.assign(new TextSpanType(), span)),
          rank: match.rank,
        });
      });
  }
}
