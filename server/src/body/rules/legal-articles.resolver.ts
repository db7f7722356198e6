import { Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { InBody } from '../../graphql/in-body.js';
import { roleRules } from '../../legal/assembly-rules.js';
import { bodyArticles } from '../../legal/body-articles.js';
import { todayIn } from '../../legal/clock.js';
import { BodyType } from '../../platform/bodies/body.type.js';
import type { PersonContext } from '../../tenancy/body-context.js';

const unverified =
  'null where the project’s legal notes hold no verified article for this kind of body (the sentence is shown without one)';

@ObjectType('BodyLegalArticles', {
  description:
    'The CGCT articles the screens cite, for the body’s kind (commune, EPCI, syndicat, département, région), from the same legal data as its documents: a département’s are never a commune’s.',
})
@Access('authenticated')
export class BodyLegalArticlesType {
  @Field(() => String, {
    nullable: true,
    description: `Secrétaires de séance, e.g. « CGCT L2121-15 » (commune), « CGCT L3121-13 » (département); ${unverified}.`,
  })
  secretaries!: string | null;

  @Field({ description: 'Huis clos, e.g. « CGCT L2121-18 », « CGCT L3121-11 ».' })
  closedSession!: string;

  @Field(() => String, { nullable: true, description: `A member interested in the matter takes no part in the vote; ${unverified}.` })
  interest!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The liste des délibérations; null where the law asks for none (départements, régions).',
  })
  deliberationList!: string | null;

  @Field({ description: 'Electronic publication of the acts, e.g. « CGCT L2131-1 », « CGCT L3131-1 ».' })
  actsPublication!: string;

  @Field(() => String, { nullable: true, description: `The procès-verbal written by the secrétaires; ${unverified}.` })
  minutes!: string | null;

  @Field(() => String, {
    nullable: true,
    description: `What an act published online states (author, quality, date online); ${unverified}.`,
  })
  publicationMentions!: string | null;

  @Field(() => String, { nullable: true, description: `The registre des délibérations; ${unverified}.` })
  register!: string | null;

  @Field({ description: 'How the convocation reaches an official, paper at their request, e.g. « CGCT L2121-10 », « CGCT L3121-19 ».' })
  convocationChannel!: string;

  @Field(() => String, { nullable: true, description: `Political groups of officials; ${unverified}.` })
  politicalGroups!: string | null;

  @Field({
    description:
      'Pouvoirs (délégations de vote) in the council, as the rules in force today write it, e.g. « CGCT L2121-20 », « CGCT L3121-16 ».',
  })
  proxy!: string;
}

/** `Body.legalArticles`: the articles every screen of the body interpolates into its French texts. */
@Resolver(() => BodyType)
export class LegalArticlesResolver {
  @FieldResolver(() => BodyLegalArticlesType, {
    description: 'The CGCT articles the screens cite for this body’s kind (never a commune’s for a département or a région).',
  })
  @Access('authenticated')
  legalArticles(@Root() _root: BodyType, @InBody('read', { root: 'id' }) { body, clock }: PersonContext): BodyLegalArticlesType {
    const council = roleRules(body.kind, 'COUNCIL', todayIn(clock, body.timeZone));
    return Object.assign(new BodyLegalArticlesType(), { ...bodyArticles(body.kind), proxy: council.proxy.article });
  }
}
