// The report's equations (1)–(19) in TeX, as lessons show them, in the report's own
// letters (i inputs, j hidden units, k outputs). A term a lesson may highlight is wrapped in
// a macro \T<name>{…}; src/lessons/tex.ts's renderTex() defines each such
// macro as a plain group or a highlighted one, so highlighting is data, never DOM work.

export interface ReportEquationTex {
  readonly number: number;
  readonly tex: string;
  /** What the equation says, in a few words (for screen readers and the lesson list). */
  readonly says: string;
}

export const REPORT_EQUATIONS: readonly ReportEquationTex[] = [
  { number: 1, tex: String.raw`w_{ji} := w_{ji} - \Talpha{\alpha} \Tgrad{\frac{\partial C}{\partial w_{ji}}}`, says: 'the gradient-descent update of a hidden weight' },
  {
    number: 2,
    tex: String.raw`\frac{\partial C}{\partial w_{ji}} = \sum_k \TdCdz{\frac{\partial C}{\partial z_k}}\, \Tdzda{\frac{\partial z_k}{\partial a_j}}\, \Tdadz{\frac{\partial a_j}{\partial z_j}}\, \Tdzdw{\frac{\partial z_j}{\partial w_{ji}}}`,
    says: 'the chain rule through every output k',
  },
  { number: 3, tex: String.raw`\frac{\partial C}{\partial z_k} = \Tdelta{\delta_k}`, says: 'δ_k names the derivative of the cost by an output pre-activation' },
  { number: 4, tex: String.raw`\frac{\partial z_k}{\partial a_j} = \frac{\partial}{\partial a_j} \sum_j w_{kj} a_j = \Tw{w_{kj}}`, says: 'an output z_k changes with a_j by the weight w_kj' },
  { number: 5, tex: String.raw`\frac{\partial a_j}{\partial z_j} = \frac{\partial}{\partial z_j} f(z_j) = \Tfprime{f'(z_j)}`, says: 'the activation changes with its pre-activation by f′(z_j)' },
  { number: 6, tex: String.raw`\frac{\partial z_j}{\partial w_{ji}} = \frac{\partial}{\partial w_{ji}} \sum_i w_{ji} x_i = \Tx{x_i}`, says: 'a hidden z_j changes with its weight w_ji by the input x_i' },
  { number: 7, tex: String.raw`\frac{\partial C}{\partial w_{ji}} = \Tdelta{\delta_j}\, \Tx{x_i}`, says: 'a weight’s gradient is the δ of the unit it feeds times the input it carries' },
  { number: 8, tex: String.raw`\Tdelta{\delta_j} = \Tfprime{f'(z_j)} \Tsum{\sum_k \Tw{w_{kj}}\, \Tdeltak{\delta_k}}`, says: 'a hidden δ is f′(z) times the δs above, weighted' },
  { number: 9, tex: String.raw`w_{kj} := w_{kj} - \alpha \frac{\partial C}{\partial w_{kj}} = w_{kj} - \alpha\, \Tdelta{\delta_k}\, \Ta{a_j}`, says: 'the update of an output weight' },
  { number: 10, tex: String.raw`\mathbf{W}_{kj} := \mathbf{W}_{kj} - \alpha\, \Tdelta{\boldsymbol{\delta}_k}\, \Ta{\mathbf{a}_j^{\top}}`, says: 'the same for the whole output matrix: an outer product' },
  { number: 11, tex: String.raw`w_{ji} := w_{ji} - \alpha\, \Tfprime{f'(z_j)} \Tsum{\sum_k w_{kj} \delta_k}\, \Tx{x_i}`, says: 'the update of a hidden weight, written out' },
  { number: 12, tex: String.raw`\delta_j = \Tfprime{f'(z_j)} \Tsum{\sum_k w_{kj} \delta_k}`, says: 'a hidden δ, one unit at a time' },
  { number: 13, tex: String.raw`\boldsymbol{\delta}_j = \Tfprime{\mathbf{f}'(\mathbf{z}_j)} \circ \Tsum{\boldsymbol{\Sigma}_j}`, says: 'all hidden δs at once: an elementwise product' },
  { number: 14, tex: String.raw`\boldsymbol{\delta}_j = \Tfprime{\mathbf{F}'(\mathbf{z}_j)}\, \Tsum{\boldsymbol{\Sigma}_j}`, says: 'the same with f′ on the diagonal of a matrix' },
  { number: 15, tex: String.raw`\mathbf{W}_{ji} := \mathbf{W}_{ji} - \alpha\, \Tfprime{\mathbf{F}'(\mathbf{z}_j)}\, \Tsum{\boldsymbol{\Sigma}_j}\, \Tx{\mathbf{x}_i^{\top}}`, says: 'the update of the whole hidden matrix' },
  { number: 16, tex: String.raw`f(z) = \TA{1.7159} \tanh\!\left(\TB{\tfrac{2}{3}} z\right) + \Ttwist{0.001\, z}`, says: 'the improved sigmoid' },
  { number: 17, tex: String.raw`f'(z) = \frac{\TAB{1.14393}}{\cosh^2\!\left(\tfrac{2}{3} z\right)} + \Ttwist{0.001}`, says: 'its derivative' },
  { number: 18, tex: String.raw`W \sim \mathcal{N}(\mu, \sigma^2), \quad \mu = 0, \quad \Tsigma{\sigma = \frac{1}{\sqrt{n}}}`, says: 'fan-in normal initialisation' },
  { number: 19, tex: String.raw`\Delta w_{t+1} = \Tgrad{\alpha \frac{\partial C_{t+1}}{\partial w}} + \Tmomentum{\mu_m \Delta w_t}`, says: 'the momentum update' },
];

export function reportEquation(number: number): ReportEquationTex | undefined {
  return REPORT_EQUATIONS.find((e) => e.number === number);
}
