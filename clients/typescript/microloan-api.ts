/**
 * The Microloan API's types, generated from /openapi.json by openapi-typescript.
 * Do not edit: `npm run api:client` regenerates it, and `npm run lint` fails when it is stale.
 */
export interface paths {
    "/v1/system/business-date": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The current business date
         * @description The date the lender’s books are on: schedules, due dates and sales settle by it, not by the wall clock.
         *
         *     **Who may call:** admin, platform, officer, merchant, farmer, supplier, offtaker, insurer.
         *
         *     Reads only.
         *
         *     No refusals of its own (see the introduction for those any operation may answer).
         */
        get: operations["getBusinessDate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/system/close-of-business": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close the business day (or several)
         * @description Runs the close of business: settles the day’s sales, collects what is due, accrues interest and penalties, ages loans, then moves the business date on.
         *
         *     **Who may call:** admin, officer.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `close_of_business_running` (409): The day is being closed. Try again in a few minutes.
         */
        post: operations["closeBusinessDay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/principals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an API key for a role
         * @description Creates a principal with a role (and, for a party role, the party it acts for) and answers its API key once; it is never shown again.
         *
         *     **Who may call:** admin.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/principals/{principalId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke an API key
         * @description The key stops working at once on every API process; audited.
         *
         *     **Who may call:** admin.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         */
        post: operations["revokeApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/trial-balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The trial balance of the ledger
         * @description Every account’s balance; debits equal credits.
         *
         *     **Who may call:** officer, admin.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `forbidden` (403): You may not do that.
         */
        get: operations["getTrialBalance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/accounts/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One ledger account and its balance
         * @description Reads one account by its code.
         *
         *     **Who may call:** officer, admin.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getLedgerAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/accounts/{code}/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The entries posted to one ledger account
         * @description Pages through the account’s postings, newest first.
         *
         *     **Who may call:** officer, admin.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["listLedgerAccountEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a merchant
         * @description Creates the merchant under the platform’s external reference and opens its wallet; the same reference with the same details answers the existing merchant.
         *
         *     **Who may call:** admin, platform.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `account_exists_different` (409): This account already exists with different details.
         *     - `external_ref_taken` (409): This reference is already used by another record.
         */
        post: operations["registerMerchant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants/{merchantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One merchant
         * @description A merchant sees only itself; a platform, officers and admin any.
         *
         *     **Who may call:** admin, platform, officer, merchant.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getMerchant"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants/{merchantId}/sales/{date}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Send a merchant’s sales of one day
         * @description Records (or replaces) the day’s gross sales and refunds; they settle into the wallet at the close of business and feed the credit line.
         *
         *     **Who may call:** platform.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `future_date` (422): The date is in the future.
         *     - `refund_exceeds_gross` (422): The refunds are more than the sales.
         */
        put: operations["putDailySales"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants/{merchantId}/sales:import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a merchant’s sales history (NDJSON or CSV)
         * @description Streams many days of sales at once; each day is recorded as by `putDailySales`.
         *
         *     **Who may call:** platform.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `future_date` (422): The date is in the future.
         *     - `refund_exceeds_gross` (422): The refunds are more than the sales.
         *     - `invalid_csv_header` (422): The first row of the file does not have the expected column names.
         *     - `unsupported_media_type` (422): This kind of file cannot be read. Send CSV or NDJSON.
         */
        post: operations["importSales"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants/{merchantId}/wallet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A merchant’s wallet balance
         * @description What the merchant may pay out or repay from.
         *
         *     **Who may call:** admin, platform, officer, merchant.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getMerchantWallet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants/{merchantId}/payouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pay money out of the merchant’s wallet
         * @description Moves the amount from the wallet to the merchant’s bank account.
         *
         *     **Who may call:** merchant.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `insufficient_funds` (422): There is not enough money for that.
         *     - `invalid_amount` (422): The amount is not valid.
         */
        post: operations["payOutMerchantWallet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants/{merchantId}/offer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The merchant’s credit offer
         * @description The credit line, what is available now, the terms offered (term, repayment method, frequency) and the reasons behind the line.
         *
         *     **Who may call:** merchant, platform, officer, admin.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getLoanOffer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credit-lines/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recompute every merchant’s credit line
         * @description Scores every merchant on its recent sales and sets its line.
         *
         *     **Who may call:** admin, officer.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `forbidden` (403): You may not do that.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `credit_refresh_running` (409): Credit lines are being refreshed. Try again in a few minutes.
         */
        post: operations["refreshCreditLines"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loan-applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply for a merchant loan
         * @description Decides at once and, if approved, books the loan and pays the money into the merchant’s wallet before answering. Calling it accepts the loan agreement (kept in English). A decline answers 201 with `status: declined` and its reasons.
         *
         *     **Who may call:** merchant.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `amount_below_minimum` (422): The amount is below the smallest loan we offer.
         *     - `amount_above_available` (422): The amount is more than the credit you have available.
         *     - `option_not_offered` (422): This term and way of repaying is not offered to you.
         *     - `refill_not_eligible` (422): This loan cannot be topped up yet.
         *     - `amount_below_payoff` (422): The amount is less than what it takes to pay off the current loan.
         *     - `installment_without_principal` (422): With these terms an installment would repay no principal. Choose a shorter term or fewer installments.
         */
        post: operations["applyForLoan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loan-applications/{applicationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One loan application and its decision
         * @description The decision, its reasons and the loan it made.
         *
         *     **Who may call:** merchant, platform, officer, admin.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getLoanApplication"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loans/{loanId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One loan: balances, schedule, status
         * @description A merchant or farmer sees only its own loans.
         *
         *     **Who may call:** officer, admin, merchant, farmer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getLoan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List loans
         * @description Filtered by borrower and status; a merchant or farmer sees only its own; paged by cursor.
         *
         *     **Who may call:** officer, admin, merchant, farmer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         */
        get: operations["listLoans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loans/{loanId}/repayments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Repay a loan
         * @description Takes the amount from the borrower’s wallet and applies it penalty → fees → interest → principal; anything above what is owed stays in the wallet.
         *
         *     **Who may call:** merchant, farmer, officer.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `loan_closed` (422): This loan is already closed.
         *     - `loan_not_active` (422): This loan is no longer being repaid (it is closed, written off or not yet paid out).
         *     - `loan_changed` (422): The loan changed while you were looking at it. Reload the page and try again.
         *     - `insufficient_funds` (422): There is not enough money for that.
         *     - `invalid_amount` (422): The amount is not valid.
         */
        post: operations["repayLoan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loans/{loanId}/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A loan’s money movements
         * @description Disbursement, repayments, accruals, waivers and write-off, in order.
         *
         *     **Who may call:** officer, admin, merchant, farmer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["listLoanTransactions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loans/{loanId}/write-off": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Write the loan off to credit losses
         * @description Moves what is owed to losses and closes the loan for servicing; audited.
         *
         *     **Who may call:** officer.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `loan_not_active` (422): This loan is no longer being repaid (it is closed, written off or not yet paid out).
         *     - `loan_changed` (422): The loan changed while you were looking at it. Reload the page and try again.
         */
        post: operations["writeOffLoan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loans/{loanId}/waive-penalty": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Waive penalty interest owed
         * @description Reduces the penalty owed by the amount; audited.
         *
         *     **Who may call:** officer.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `loan_not_active` (422): This loan is no longer being repaid (it is closed, written off or not yet paid out).
         *     - `loan_changed` (422): The loan changed while you were looking at it. Reload the page and try again.
         *     - `amount_above_penalty` (422): That is more than the penalty interest the loan owes.
         */
        post: operations["waiveLoanPenalty"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loans/{loanId}/restructure": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-schedule what is owed over a new term
         * @description Replaces the schedule from today; audited.
         *
         *     **Who may call:** officer.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `loan_not_active` (422): This loan is no longer being repaid (it is closed, written off or not yet paid out).
         *     - `loan_changed` (422): The loan changed while you were looking at it. Reload the page and try again.
         *     - `term_not_allowed` (422): That term is not allowed.
         *     - `nothing_to_restructure` (422): The loan owes no principal, so there is nothing to restructure.
         *     - `installment_without_principal` (422): With these terms an installment would repay no principal. Choose a shorter term or fewer installments.
         */
        post: operations["restructureLoan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loans/{loanId}/payoff-quote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What it takes to pay the loan off on a date
         * @description Principal, interest to that date, penalty and fees; changes nothing.
         *
         *     **Who may call:** officer, admin, merchant, farmer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `loan_not_active` (422): This loan is no longer being repaid (it is closed, written off or not yet paid out).
         *     - `date_in_past` (422): The date is in the past.
         */
        get: operations["getPayoffQuote"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loans/{loanId}/agreement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The loan agreement the merchant accepted
         * @description The text as it was accepted, in its language, with how and when. A merchant sees its own, the platform, officers and admin any; farm parties get 404.
         *
         *     **Who may call:** merchant, platform, officer, admin.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getLoanAgreement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log
         * @description Who did what: officer actions, approvals, key changes; paged.
         *
         *     **Who may call:** officer, admin.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         */
        get: operations["listAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/portfolio/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The loan book at a glance
         * @description Outstanding principal, arrears buckets and losses across the book.
         *
         *     **Who may call:** officer, admin.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `forbidden` (403): You may not do that.
         */
        get: operations["getPortfolioSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/farmers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a farmer
         * @description Creates the farmer and opens its ledger accounts.
         *
         *     **Who may call:** admin.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `external_ref_taken` (409): This reference is already used by another record.
         */
        post: operations["registerFarmer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/suppliers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a supplier of farm inputs
         * @description Creates the supplier (unapproved unless said) and opens its ledger accounts.
         *
         *     **Who may call:** admin.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `external_ref_taken` (409): This reference is already used by another record.
         */
        post: operations["registerSupplier"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offtakers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register an offtaker
         * @description Creates the offtaker (unapproved unless said) and opens its ledger accounts.
         *
         *     **Who may call:** admin.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `external_ref_taken` (409): This reference is already used by another record.
         */
        post: operations["registerOfftaker"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/insurers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register an insurer
         * @description Creates the insurer (unapproved unless said) and opens its ledger accounts.
         *
         *     **Who may call:** admin.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `external_ref_taken` (409): This reference is already used by another record.
         */
        post: operations["registerInsurer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/suppliers/{supplierId}/approval": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or revoke a supplier
         * @description Only approved suppliers can be paid from restricted money; audited.
         *
         *     **Who may call:** officer.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         */
        post: operations["decideSupplierApproval"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offtakers/{offtakerId}/approval": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or revoke an offtaker
         * @description Only an approved offtaker’s contract can back a new loan; audited.
         *
         *     **Who may call:** officer.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         */
        post: operations["decideOfftakerApproval"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/insurers/{insurerId}/approval": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or revoke an insurer
         * @description Only an approved insurer’s policy can guarantee a new loan; audited.
         *
         *     **Who may call:** officer.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         */
        post: operations["decideInsurerApproval"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/farmers/{farmerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One farmer
         * @description A farmer sees only itself.
         *
         *     **Who may call:** admin, officer, farmer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getFarmer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/farmers/{farmerId}/wallet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A farmer’s free wallet
         * @description The farmer’s own money (surplus from its crop), which it may pay out.
         *
         *     **Who may call:** admin, officer, farmer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getFarmerWallet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/suppliers/{supplierId}/products/{sku}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Add or change a product in the supplier’s list
         * @description A new product, or a changed category or price, waits for an officer’s review before restricted money may buy it.
         *
         *     **Who may call:** admin, supplier.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         */
        put: operations["putSupplierProduct"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offtake-contracts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign an offtake contract with a farmer
         * @description The offtaker commits to buy the farmer’s crop at a price in a delivery window.
         *
         *     **Who may call:** offtaker.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `contract_value_too_large` (422): The contract’s value is too large.
         *     - `delivery_window_invalid` (422): The delivery window is not valid: it must end after it starts.
         *     - `delivery_window_past` (422): The delivery window is already over.
         *     - `offtaker_not_approved` (422): The offtaker is not approved.
         */
        post: operations["createOfftakeContract"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offtake-contracts/{contractId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One offtake contract
         * @description Its parties, terms, input plan and deliveries.
         *
         *     **Who may call:** admin, officer, offtaker, farmer, insurer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getOfftakeContract"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offtake-contracts/{contractId}/guarantee-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask an insurer to guarantee a contract
         * @description The insurer may then see the contract and write a policy on it.
         *
         *     **Who may call:** farmer, offtaker.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `contract_cancelled` (422): The offtake contract was cancelled.
         *     - `insurer_not_approved` (422): The insurer is not approved.
         *     - `insurer_not_found` (422): The insurer was not found.
         */
        post: operations["requestGuarantee"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/guarantee-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The contracts an insurer was asked to guarantee
         * @description An insurer sees its own requests, officers every one.
         *
         *     **Who may call:** admin, officer, insurer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         */
        get: operations["listGuaranteeRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/guarantee-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Write a guarantee policy on a contract
         * @description The insurer covers a share of the loan the contract will back, for a premium.
         *
         *     **Who may call:** insurer.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `contract_cancelled` (422): The offtake contract was cancelled.
         *     - `insurer_not_approved` (422): The insurer is not approved.
         *     - `policy_coverage_below_minimum` (422): The policy covers too small a share of the loan.
         *     - `policy_premium_not_positive` (422): The policy’s premium must be more than zero.
         */
        post: operations["createGuaranteePolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agri-loan-applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply for a farm loan on a contract
         * @description Decides on the contract, policy and parties; if approved, books the loan and puts its money in a restricted wallet that can only buy approved inputs in the plan.
         *
         *     **Who may call:** farmer.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `contract_not_signed` (422): The offtake contract is not signed.
         *     - `contract_cancelled` (422): The offtake contract was cancelled.
         *     - `policy_contract_mismatch` (422): The insurance policy does not cover this contract.
         *     - `offtaker_not_approved` (422): The offtaker is not approved.
         *     - `insurer_not_approved` (422): The insurer is not approved.
         *     - `offtaker_exposure_limit` (422): The offtaker already backs as many loans as it may.
         *     - `insurer_exposure_limit` (422): The insurer already guarantees as many loans as it may.
         *     - `offtaker_proceeds_overdue` (422): The offtaker has overdue payments for deliveries, so it cannot back a new loan.
         */
        post: operations["applyForFarmLoan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/restricted-wallets/{walletId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A farm loan’s restricted wallet
         * @description What is left to spend, per input category.
         *
         *     **Who may call:** admin, officer, farmer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getRestrictedWallet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/restricted-wallets/{walletId}/purchases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pay a supplier from the restricted wallet
         * @description The farmer buys approved inputs in the plan; the supplier is paid at the next settlement.
         *
         *     **Who may call:** farmer.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `restricted_wallet_closed` (422): The farm input money of this loan is closed.
         *     - `supplier_not_approved` (422): This supplier is not approved.
         *     - `unknown_sku` (422): This product is not in the supplier’s list.
         *     - `category_not_eligible` (422): This kind of goods cannot be bought with farm input money.
         *     - `product_not_approved` (422): This product has not been approved yet.
         *     - `price_above_reference` (422): The price is too far above the reviewed price.
         *     - `not_in_input_plan` (422): This product is not in the contract’s input plan.
         *     - `category_budget_exceeded` (422): This would go over the budget for this kind of input.
         *     - `insufficient_restricted_balance` (422): There is not enough farm input money left on the loan.
         */
        post: operations["buyFarmInputs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/purchases/{purchaseId}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund a purchase to the restricted wallet
         * @description The supplier gives back all or part of a purchase; the money returns to the farmer’s restricted wallet.
         *
         *     **Who may call:** supplier.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `restricted_wallet_closed` (422): The farm input money of this loan is closed.
         *     - `nothing_to_refund` (422): There is nothing left to refund.
         *     - `refund_exceeds_purchase` (422): The refund is more than the purchase.
         */
        post: operations["refundPurchase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/purchases/{purchaseId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One purchase
         * @description Its lines, amount and refunds.
         *
         *     **Who may call:** admin, officer, farmer, supplier.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getPurchase"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/restricted-wallet-attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Refused attempts to take restricted money out
         * @description Every refused withdrawal or transfer from a restricted wallet, for officers.
         *
         *     **Who may call:** admin, officer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         */
        get: operations["listRestrictedWalletAttempts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offtake-contracts/{contractId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a crop delivery
         * @description Books what the offtaker owes for the delivery; nothing reaches the loan or the farmer until its cash arrives (`recordOfftakerPayment`).
         *
         *     **Who may call:** offtaker.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `future_date` (422): The date is in the future.
         *     - `contract_cancelled` (422): The offtake contract was cancelled.
         *     - `quantity_too_large` (422): The quantity is too large.
         *     - `delivery_outside_window` (422): The delivery date is outside the contract’s delivery window.
         */
        post: operations["recordDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/guarantee-claims": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Guarantee claims
         * @description An insurer sees the claims on its policies, officers every one; paged.
         *
         *     **Who may call:** admin, officer, insurer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         */
        get: operations["listGuaranteeClaims"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/guarantee-claims/ageing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Claims waiting for the insurer, by age
         * @description By days since acceptance (or since opening, undecided).
         *
         *     **Who may call:** admin, officer, insurer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `forbidden` (403): You may not do that.
         */
        get: operations["getGuaranteeClaimAgeing"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/guarantee-claims/{claimId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One guarantee claim
         * @description Its amount, decision and payments.
         *
         *     **Who may call:** admin, officer, insurer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getGuaranteeClaim"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/guarantee-claims/{claimId}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept, partly accept or reject a claim
         * @description The insurer decides its claim, once.
         *
         *     **Who may call:** insurer.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `claim_already_decided` (409): This claim has already been decided.
         *     - `claim_not_open` (422): This claim is no longer open.
         *     - `claim_amount_invalid` (422): The claim amount is not valid.
         */
        post: operations["decideGuaranteeClaim"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/guarantee-claims/{claimId}/pay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record the insurer’s payment of a claim
         * @description The cash received runs the loan’s waterfall like any other payment.
         *
         *     **Who may call:** insurer.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `invalid_amount` (422): The amount is not valid.
         *     - `claim_not_accepted` (422): This claim was not accepted, so nothing can be paid on it.
         *     - `claim_overpaid` (422): That is more than may still be paid on this claim.
         */
        post: operations["payGuaranteeClaim"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/suppliers/{supplierId}/products/{sku}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Review a supplier’s product
         * @description An officer sets its real category and a reference price, or rejects it; audited.
         *
         *     **Who may call:** officer.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `category_not_eligible` (422): This kind of goods cannot be bought with farm input money.
         */
        post: operations["reviewSupplierProduct"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offtake-contracts/{contractId}/input-plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the inputs a contract’s loan may buy
         * @description Per category, the budget restricted money may spend; fixed once the contract is financed.
         *
         *     **Who may call:** offtaker.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `contract_already_financed` (409): This contract already has a loan, so its input plan can no longer change.
         *     - `contract_cancelled` (422): The offtake contract was cancelled.
         *     - `category_not_eligible` (422): This kind of goods cannot be bought with farm input money.
         */
        put: operations["putInputPlan"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/suppliers/{supplierId}/settlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A supplier’s settlements
         * @description What each close of business paid (or is paying) the supplier.
         *
         *     **Who may call:** admin, officer, supplier.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["listSupplierSettlements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/insurers/{insurerId}/settlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An insurer’s settlements
         * @description The premiums each close of business paid (or is paying) the insurer.
         *
         *     **Who may call:** admin, officer, insurer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["listInsurerSettlements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/settlements/{settlementId}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record whether a settlement’s bank transfer went through
         * @description Paid closes it; failed puts the money back to be settled again.
         *
         *     **Who may call:** officer.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `settlement_not_pending` (422): This settlement has already been paid or has failed.
         */
        post: operations["recordSettlementResult"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reconciliation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every counterparty’s ledger balance against its open documents
         * @description Names the first break, if any.
         *
         *     **Who may call:** admin, officer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `forbidden` (403): You may not do that.
         */
        get: operations["getReconciliation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/farmers/{farmerId}/payouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pay money out of the farmer’s free wallet
         * @description Moves the amount to the farmer’s bank account; restricted money can never be paid out.
         *
         *     **Who may call:** farmer.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `insufficient_funds` (422): There is not enough money for that.
         *     - `invalid_amount` (422): The amount is not valid.
         *     - `restricted_funds_not_withdrawable` (422): Farm input money can only buy farm inputs from approved suppliers; it cannot be withdrawn or sent elsewhere.
         */
        post: operations["payOutFarmerWallet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offtaker-payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record an offtaker’s cash payment for deliveries
         * @description Runs the waterfall penalty → fees → interest → principal → the farmer’s surplus over the deliveries it pays.
         *
         *     **Who may call:** offtaker, officer.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `external_ref_taken` (409): This reference is already used by another record.
         *     - `future_date` (422): The date is in the future.
         *     - `payment_exceeds_open_proceeds` (422): The payment is more than what is owed for deliveries.
         */
        post: operations["recordOfftakerPayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offtakers/{offtakerId}/receivables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What an offtaker owes for deliveries
         * @description Open deliveries, paid and unpaid, with due dates.
         *
         *     **Who may call:** admin, officer, offtaker.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["listOfftakerReceivables"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bank-statements:import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a bank statement (CSV)
         * @description Matches each line by its reference (DLV-, OFT-, CLM-) and books it as the payment it names; unmatched lines are kept for review.
         *
         *     **Who may call:** officer.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `invalid_csv_header` (422): The first row of the file does not have the expected column names.
         *     - `unsupported_media_type` (422): This kind of file cannot be read. Send CSV or NDJSON.
         *     - `invalid_statement_line` (422): A line of the bank statement is not valid.
         */
        post: operations["importBankStatement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bank-statement-lines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Imported bank-statement lines
         * @description Matched and unmatched, with what each was booked as.
         *
         *     **Who may call:** admin, officer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         */
        get: operations["listBankStatementLines"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/purchase-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Purchase requests
         * @description A farmer sees those made to it, a supplier its own; paged.
         *
         *     **Who may call:** admin, officer, farmer, supplier.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         */
        get: operations["listPurchaseRequests"];
        put?: never;
        /**
         * Ring up a sale for the farmer to confirm
         * @description Checks the purchase as `buyFarmInputs` would and answers a 6-digit code for the farmer (15 minutes); no money moves until the farmer confirms.
         *
         *     **Who may call:** supplier.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `restricted_wallet_closed` (422): The farm input money of this loan is closed.
         *     - `supplier_not_approved` (422): This supplier is not approved.
         *     - `unknown_sku` (422): This product is not in the supplier’s list.
         *     - `category_not_eligible` (422): This kind of goods cannot be bought with farm input money.
         *     - `product_not_approved` (422): This product has not been approved yet.
         *     - `price_above_reference` (422): The price is too far above the reviewed price.
         *     - `not_in_input_plan` (422): This product is not in the contract’s input plan.
         *     - `category_budget_exceeded` (422): This would go over the budget for this kind of input.
         *     - `insufficient_restricted_balance` (422): There is not enough farm input money left on the loan.
         */
        post: operations["createPurchaseRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/purchase-requests/{requestId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One purchase request
         * @description Its status, lines and, once confirmed, the purchase it made.
         *
         *     **Who may call:** admin, officer, farmer, supplier.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         */
        get: operations["getPurchaseRequest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/purchase-requests/{requestId}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a purchase request and pay the supplier
         * @description The farmer confirms (no code needed), or the supplier sends the code the farmer told it (locked after 5 wrong tries); the purchase is paid from the restricted wallet.
         *
         *     **Who may call:** farmer, supplier.
         *
         *     **Idempotency-Key: required.** This request moves money: a retry with the same key gets the first answer and never moves it twice.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_required` (400): This request must carry a request key, so that it is never carried out twice.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `restricted_wallet_closed` (422): The farm input money of this loan is closed.
         *     - `category_budget_exceeded` (422): This would go over the budget for this kind of input.
         *     - `insufficient_restricted_balance` (422): There is not enough farm input money left on the loan.
         *     - `purchase_request_code_wrong` (422): The code is wrong. Check it with the farmer.
         *     - `purchase_request_locked` (422): Too many wrong codes: this purchase is locked. Start a new one.
         *     - `purchase_request_expired` (422): This purchase request has expired. Start a new one.
         *     - `purchase_request_cancelled` (422): This purchase request was cancelled.
         *     - `purchase_request_price_changed` (422): The price changed after the farmer saw it. Nothing was paid; ring it up again.
         */
        post: operations["confirmPurchaseRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/purchase-requests/{requestId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a purchase request
         * @description The farmer or the supplier drops an unconfirmed request; nothing was paid.
         *
         *     **Who may call:** farmer, supplier.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `purchase_request_expired` (422): This purchase request has expired. Start a new one.
         *     - `purchase_request_confirmed` (422): This purchase is already paid. Use a refund instead.
         */
        post: operations["cancelPurchaseRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The events the caller may see
         * @description What happened to the caller’s records (loans booked, repaid, purchases confirmed, ...), paged by cursor.
         *
         *     **Who may call:** admin, platform, officer, merchant, farmer, supplier, offtaker, insurer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller’s webhook endpoints
         * @description Without their secrets.
         *
         *     **Who may call:** admin, platform, officer, merchant, farmer, supplier, offtaker, insurer.
         *
         *     Reads only.
         *
         *     No refusals of its own (see the introduction for those any operation may answer).
         */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Register a webhook endpoint
         * @description Events the caller may see are POSTed to the URL, signed; the signing secret is answered once.
         *
         *     **Who may call:** admin, platform, officer, merchant, farmer, supplier, offtaker, insurer.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `too_many_endpoints` (422): There are already as many webhook addresses as allowed.
         *     - `webhook_url_not_allowed` (422): Webhooks can only be sent to public internet addresses.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a webhook endpoint
         * @description No further deliveries are made to it.
         *
         *     **Who may call:** admin, platform, officer, merchant, farmer, supplier, offtaker, insurer.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{endpointId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An endpoint’s deliveries
         * @description Each event sent, its attempts and the last answer.
         *
         *     **Who may call:** admin, platform, officer, merchant, farmer, supplier, offtaker, insurer.
         *
         *     Reads only.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `not_found` (404): Not found.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again
         * @description Queues the delivery for another attempt.
         *
         *     **Who may call:** admin, platform, officer, merchant, farmer, supplier, offtaker, insurer.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         */
        post: operations["retryWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schedule-preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Loan calculator: the repayment schedule for given terms
         * @description Computes a schedule; reads and writes nothing.
         *
         *     **Who may call:** admin, platform, officer, merchant, farmer, supplier, offtaker, insurer.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         *     - `installment_without_principal` (422): With these terms an installment would repay no principal. Choose a shorter term or fewer installments.
         */
        post: operations["previewSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sign-in-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A single-use sign-in link to a party’s page
         * @description Opens the merchant’s (or another party’s) page without an API key ever reaching the browser; the link works once, for minutes.
         *
         *     **Who may call:** platform, officer, admin.
         *
         *     Idempotency-Key: optional. Send one to make a retry safe.
         *
         *     **Refusals** (`application/problem+json`, by `code`; see the introduction for those any operation may answer):
         *     - `validation_failed` (400): Some of what was entered is not valid.
         *     - `forbidden` (403): You may not do that.
         *     - `not_found` (404): Not found.
         *     - `idempotency_key_reused` (409): This request key was already used for a different request.
         *     - `idempotency_request_in_progress` (409): The same request is still being handled. Wait a moment and look again.
         */
        post: operations["createSignInLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Problem: {
            type: string;
            title: string;
            status: number;
            /** @example validation_failed */
            code: string;
            detail: string;
            errors?: {
                path: string;
                message: string;
            }[];
        };
        CloseOfBusinessResult: {
            /**
             * Format: date
             * @example 2026-01-01
             */
            fromDate: string;
            /**
             * Format: date
             * @example 2026-01-01
             */
            toDate: string;
            /**
             * Format: date
             * @description The business date after the run
             * @example 2026-01-01
             */
            businessDate: string;
            daysClosed: number;
            loansProcessed: number;
            /** @description Net sales settled into merchant wallets */
            settledFen: number;
            accruedInterestFen: number;
            accruedPenaltyFen: number;
            collectedFen: number;
            /** @description Loans that went from current to past due */
            newlyDelinquent: number;
            writtenOff: number;
            writtenOffFen: number;
            durationMs: number;
        };
        Merchant: {
            merchantId: number;
            externalRef: string;
            name: string;
            openedOn: string;
            createdAt: string;
        };
        Offer: {
            merchantId: number;
            eligible: boolean;
            creditLimitFen: number;
            availableFen: number;
            minAmountFen: number;
            score: number;
            /** @enum {string|null} */
            scoreBand: "A" | "B" | "C" | "D" | null;
            pd: number;
            reasons: {
                code: string;
                text: string;
            }[];
            options: {
                termDays: number;
                /** @enum {string} */
                repaymentMethod: "installment" | "sales_share";
                /** @enum {string} */
                frequency?: "daily" | "weekly" | "monthly";
                repayments?: number;
                annualRateBps?: number;
                aprBps?: number;
                feeFen?: number;
                salesShareBps?: number;
                estimatedTotalRepayFen: number;
            }[];
            asOfDate: string;
            expiresAt: string;
            policyVersion: string;
            modelVersion: string;
        };
        LoanApplication: {
            applicationId: number;
            /** @enum {string} */
            status: "approved" | "declined";
            loanId?: number;
            reasons: {
                code: string;
                text: string;
            }[];
            decidedInMs?: number;
        };
        Loan: {
            loanId: number;
            /** @enum {string} */
            product: "merchant" | "agri";
            borrowerId: number;
            status: string;
            principalFen: number;
            repaymentMethod: string;
            frequency: string | null;
            annualRateBps: number | null;
            /** @description Annual percentage rate (IRR of the cash flows), a disclosure; a farm loan counts the premium deducted and interest as if all was spent at disbursement */
            aprBps: number | null;
            /** @description Interest accrues only on the principal used: owed less the unspent restricted money */
            interestOnUse: boolean;
            salesShareBps: number | null;
            totalRepayFen: number;
            outstanding: {
                principalFen: number;
                interestFen: number;
                feesFen: number;
                penaltyFen: number;
                totalFen: number;
            };
            daysPastDue: number;
            /** @enum {string} */
            bucket: "current" | "1-30" | "31-60" | "61-90" | "90+";
            schedule: {
                dueDate: string;
                principalFen: number;
                interestFen: number;
                feesFen: number;
                paidFen: number;
                /** @enum {string} */
                status: "paid" | "partial" | "overdue" | "due" | "upcoming";
            }[];
            disbursedOn: string | null;
            maturesOn: string;
            /** @description What the write-off wrote off (0 unless written off) */
            writtenOffFen: number;
            /** @description What came home after the write-off (repayments, late deliveries), at most writtenOffFen */
            recoveredFen: number;
        };
        LoanTransaction: {
            entryId: number;
            type: string;
            businessDate: string;
            createdAt: string;
            description: string | null;
            amountFen: number;
            allocation: {
                penaltyFen: number;
                feesFen: number;
                interestFen: number;
                principalFen: number;
            };
        };
        LoanAgreement: {
            loanId: number;
            /** @description The template’s version */
            version: string;
            /** @description SHA-256 (hex) of the UTF-8 bytes of `text` */
            termsHash: string;
            /** @description When the merchant accepted (RFC 3339) */
            acceptedAt: string;
            /**
             * @description `page`: read and accepted on the merchant’s page; `api`: a loan application call
             * @enum {string}
             */
            acceptedVia: "page" | "api";
            /**
             * @description The language the text was shown in
             * @enum {string}
             */
            language: "zh-CN" | "en";
            /** @description The agreement, exactly as shown */
            text: string;
        };
        AuditEntry: {
            auditId: number;
            at: string;
            businessDate: string | null;
            /** @description `admin` or `p:{principalId}` */
            principalRef: string;
            action: string;
            subjectType: string;
            subjectId: string;
            reason: string | null;
            details?: unknown;
        };
        PortfolioSummary: {
            /** @description Loans on the book (active or defaulted); the buckets’ counts add up to it */
            activeLoans: number;
            /** @description Debits less credits of those loans’ principal accounts */
            outstandingPrincipalFen: number;
            disbursedTodayFen: number;
            /** @description Repayments, harvest proceeds, claim payments and sweeps paid into loans today */
            collectedTodayFen: number;
            par1Bps: number;
            par30Bps: number;
            /** @description Principal of loans ≥ n days past due over outstanding principal, half-even (PAR-n) */
            par90Bps: number;
            /** @description Principal of non-performing loans over outstanding */
            nplBps: number;
            buckets: {
                current: {
                    count: number;
                    principalFen: number;
                };
                "1-30": {
                    count: number;
                    principalFen: number;
                };
                "31-60": {
                    count: number;
                    principalFen: number;
                };
                "61-90": {
                    count: number;
                    principalFen: number;
                };
                "90+": {
                    count: number;
                    principalFen: number;
                };
            };
            /** @description The business date; days past due as of its last close */
            asOf: string;
            byProduct: {
                merchant: {
                    /** @description Loans on the book (active or defaulted); the buckets’ counts add up to it */
                    activeLoans: number;
                    /** @description Debits less credits of those loans’ principal accounts */
                    outstandingPrincipalFen: number;
                    disbursedTodayFen: number;
                    /** @description Repayments, harvest proceeds, claim payments and sweeps paid into loans today */
                    collectedTodayFen: number;
                    par1Bps: number;
                    par30Bps: number;
                    /** @description Principal of loans ≥ n days past due over outstanding principal, half-even (PAR-n) */
                    par90Bps: number;
                    /** @description Principal of non-performing loans over outstanding */
                    nplBps: number;
                    buckets: {
                        current: {
                            count: number;
                            principalFen: number;
                        };
                        "1-30": {
                            count: number;
                            principalFen: number;
                        };
                        "31-60": {
                            count: number;
                            principalFen: number;
                        };
                        "61-90": {
                            count: number;
                            principalFen: number;
                        };
                        "90+": {
                            count: number;
                            principalFen: number;
                        };
                    };
                };
                agri: {
                    /** @description Loans on the book (active or defaulted); the buckets’ counts add up to it */
                    activeLoans: number;
                    /** @description Debits less credits of those loans’ principal accounts */
                    outstandingPrincipalFen: number;
                    disbursedTodayFen: number;
                    /** @description Repayments, harvest proceeds, claim payments and sweeps paid into loans today */
                    collectedTodayFen: number;
                    par1Bps: number;
                    par30Bps: number;
                    /** @description Principal of loans ≥ n days past due over outstanding principal, half-even (PAR-n) */
                    par90Bps: number;
                    /** @description Principal of non-performing loans over outstanding */
                    nplBps: number;
                    buckets: {
                        current: {
                            count: number;
                            principalFen: number;
                        };
                        "1-30": {
                            count: number;
                            principalFen: number;
                        };
                        "31-60": {
                            count: number;
                            principalFen: number;
                        };
                        "61-90": {
                            count: number;
                            principalFen: number;
                        };
                        "90+": {
                            count: number;
                            principalFen: number;
                        };
                    };
                };
            };
        };
        SupplierProduct: {
            supplierId: number;
            sku: string;
            name: string;
            category: string;
            unit: string;
            priceFen: number;
            /** @enum {string} */
            status: "pending_review" | "approved" | "rejected";
            /** @description The price an officer reviewed */
            referencePriceFen?: number;
        };
        OfftakeContract: {
            contractId: number;
            offtakerId: number;
            farmerId: number;
            crop: string;
            quantityKg: number;
            priceFenPerKg: number;
            contractValueFen: number;
            deliveryFrom: string;
            deliveryTo: string;
            deliveredKg: number;
            paymentTermDays: number;
            status: string;
        };
        GuaranteeRequest: {
            requestId: number;
            contractId: number;
            insurerId: number;
            requestedBy: string;
            createdAt: string;
        };
        GuaranteePolicy: {
            policyId: number;
            insurerId: number;
            farmerId: number;
            contractId: number;
            coverageBps: number;
            premiumFen: number;
            status: string;
        };
        RestrictedWallet: {
            walletId: number;
            loanId: number;
            farmerId: number;
            /** @enum {string} */
            status: "open" | "closed";
            balanceFen: number;
            spentFen: number;
            spentByCategory: {
                [key: string]: number;
            };
            eligibleCategories: string[];
            budgets: {
                [key: string]: {
                    limitFen: number;
                    spentFen: number;
                    remainingFen: number;
                };
            };
        };
        Purchase: {
            purchaseId: number;
            walletId: number;
            supplierId: number;
            amountFen: number;
            refundedFen: number;
            status: string;
            lines: {
                sku: string;
                category: string;
                quantity: number;
                unitPriceFen: number;
                amountFen: number;
                refundedQuantity: number;
            }[];
        };
        GuaranteeClaim: {
            claimId: number;
            policyId: number;
            insurerId: number;
            loanId: number;
            /** @description What the loan owed when it defaulted */
            owedFen: number;
            /** @description The covered share of it */
            claimFen: number;
            /** @enum {string} */
            status: "open" | "accepted" | "rejected" | "paid" | "withdrawn";
            /** @enum {string|null} */
            decision: "accept" | "partial" | "reject" | null;
            acceptedFen: number | null;
            reason: string | null;
            decidedOn: string | null;
            /** @description The insurer’s cash received so far */
            paidFen: number | null;
            openedOn: string;
            /** @description The day of the last payment */
            paidOn: string | null;
            /** @description An accepted claim’s cash is due by then */
            dueOn: string | null;
        };
        ClaimAgeing: {
            asOf: string;
            buckets: {
                "0-30"?: {
                    count: number;
                    unpaidFen: number;
                };
                "31-60"?: {
                    count: number;
                    unpaidFen: number;
                };
                "61-90"?: {
                    count: number;
                    unpaidFen: number;
                };
                "90+"?: {
                    count: number;
                    unpaidFen: number;
                };
            };
            awaitingDecision: {
                "0-30"?: {
                    count: number;
                    claimFen: number;
                };
                "31-60"?: {
                    count: number;
                    claimFen: number;
                };
                "61-90"?: {
                    count: number;
                    claimFen: number;
                };
                "90+"?: {
                    count: number;
                    claimFen: number;
                };
            };
            items: {
                claimId: number;
                insurerId: number;
                loanId: number;
                /** @enum {string} */
                status: "open" | "accepted";
                claimFen: number;
                acceptedFen: number | null;
                paidFen: number;
                unpaidFen: number;
                since: string;
                days: number;
                /** @enum {string} */
                bucket: "0-30" | "31-60" | "61-90" | "90+";
                overdue: boolean;
            }[];
        };
        Settlement: {
            settlementId: number;
            businessDate: string;
            amountFen: number;
            /** @enum {string} */
            status: "pending" | "paid" | "failed";
            reference: string | null;
        };
        Reconciliation: {
            ok: boolean;
            asOf: string;
            checkedAccounts: number;
            breaks: components["schemas"]["ReconciliationBreak"][];
            durationMs: number;
        };
        ReconciliationBreak: {
            /** @enum {string} */
            party: "supplier" | "insurer" | "offtaker" | "farmer";
            partyId: number;
            /** @example supplier:7:payable */
            account: string;
            ledgerFen: number;
            documentsFen: number;
            /** @description Ledger less documents */
            differenceFen: number;
            /** @description What the documents figure is made of */
            documents: string;
        };
        OfftakerPayment: {
            paymentId: number;
            offtakerId: number;
            amountFen: number;
            paidOn: string;
            reference: string;
            applied: {
                deliveryId: number;
                amountFen: number;
                waterfall: {
                    penaltyFen: number;
                    feesFen: number;
                    interestFen: number;
                    principalFen: number;
                    toFarmerFen: number;
                };
            }[];
            unappliedFen: number;
        };
        BankStatementLine: {
            lineId: number;
            valueDate: string;
            amountFen: number;
            reference: string;
            payerName: string;
            /** @enum {string} */
            status: "matched" | "unmatched";
            reason: string | null;
            paymentId: number | null;
            claimId: number | null;
            importedOn: string;
        };
        PurchaseRequest: {
            requestId: number;
            walletId: number;
            farmerId: number;
            supplierId: number;
            amountFen: number;
            lines: {
                sku: string;
                quantity: number;
            }[];
            /** @enum {string} */
            status: "awaiting_farmer" | "confirmed" | "cancelled" | "expired" | "locked";
            expiresAt: string;
            purchaseId: number | null;
            /** @description The one-time code: only in the farmer’s own view of a request awaiting them. */
            code?: string;
        };
        Event: {
            eventId: number;
            type: string;
            createdAt: string;
            businessDate: string;
            subject: {
                [key: string]: number;
            };
            data?: unknown;
        };
        WebhookEndpoint: {
            endpointId: number;
            url: string;
            eventTypes: string[];
            /** @enum {string} */
            status: "active" | "deleted" | "disabled";
            createdAt: string;
        };
        WebhookDelivery: {
            deliveryId: number;
            eventId: number;
            eventType: string;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            attempts: number;
            lastStatus: number | null;
            lastError: string | null;
            nextAttemptAt: string | null;
            deliveredAt: string | null;
        };
        SchedulePreview: {
            installments: components["schemas"]["Installment"][];
            totalInterestFen: number;
            /** @description Annual percentage rate (IRR), a disclosure figure */
            aprBps: number;
        };
        Installment: {
            n: number;
            /**
             * Format: date
             * @example 2026-01-01
             */
            dueDate: string;
            principalFen: number;
            interestFen: number;
            totalFen: number;
        };
        SchedulePreviewRequest: {
            /** @example 10000000 */
            principalFen: number;
            /** @example 1200 */
            annualRateBps: number;
            /** @example 12 */
            repayments: number;
            /** @enum {string} */
            frequency: "daily" | "weekly" | "monthly";
            /** @enum {string} */
            method: "annuity" | "equal_principal" | "flat";
            /** @enum {string} */
            interestBasis: "periodic" | "act365";
            /**
             * Format: date
             * @description Disbursement date; the first installment is one period later
             * @example 2026-01-01
             */
            startDate: string;
        };
        SignInLink: {
            /** @example http://127.0.0.1:3000/sign-in/3q2-… */
            url: string;
            /** @example 2026-12-07T10:10:00.000Z */
            expiresAt: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getBusinessDate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The current business date */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: date
                         * @example 2026-01-01
                         */
                        businessDate: string;
                    };
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    closeBusinessDay: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    days?: number;
                };
            };
        };
        responses: {
            /** @description The days were closed, one after another */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CloseOfBusinessResult"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "admin" | "platform" | "officer" | "merchant" | "farmer" | "supplier" | "offtaker" | "insurer";
                    subjectId?: number;
                };
            };
        };
        responses: {
            /** @description The principal and its API key (shown only here) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        principalId: number;
                        /** @enum {string} */
                        role: "admin" | "platform" | "officer" | "merchant" | "farmer" | "supplier" | "offtaker" | "insurer";
                        subjectId: number | null;
                        /** @description Shown once; null when an Idempotency-Key replay answers */
                        apiKey: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                principalId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Revoked (or revoked before: the first revocation). The key answers 401 from now on in this process and within 10 s in every other; its console sessions are ended. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        principalId: number;
                        /** @enum {string} */
                        role: "admin" | "platform" | "officer" | "merchant" | "farmer" | "supplier" | "offtaker" | "insurer";
                        subjectId: number | null;
                        revokedAt: string;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTrialBalance: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Totals and every account with activity; total debits equal total credits */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        totalDebitsFen: number;
                        totalCreditsFen: number;
                        accounts: {
                            code: string;
                            type: string;
                            category: string;
                            debitsFen: number;
                            creditsFen: number;
                            balanceFen: number;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLedgerAccount: {
        parameters: {
            query?: {
                asOf?: string;
            };
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The balance now, or at the end of business date `asOf` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        code: string;
                        type: string;
                        category: string;
                        /** @enum {string} */
                        normalSide: "D" | "C";
                        debitsFen: number;
                        creditsFen: number;
                        balanceFen: number;
                        pendingDebitsFen: number;
                        pendingCreditsFen: number;
                        availableFen: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLedgerAccountEntries: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account's postings, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            postingId: number;
                            entryId: number;
                            type: string;
                            businessDate: string;
                            /** @enum {string} */
                            side: "D" | "C";
                            amountFen: number;
                            description: string | null;
                            createdAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    registerMerchant: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    externalRef: string;
                    name: string;
                    /**
                     * Format: date
                     * @example 2026-01-01
                     */
                    openedOn: string;
                };
            };
        };
        responses: {
            /** @description The merchant, with its wallet opened */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Merchant"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMerchant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                merchantId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The merchant */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Merchant"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putDailySales: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                merchantId: number;
                date: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    grossFen: number;
                    refundFen: number;
                    orderCount: number;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        merchantId: number;
                        date: string;
                        netFen: number;
                    };
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        merchantId: number;
                        date: string;
                        netFen: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importSales: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                merchantId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What landed and what did not */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accepted: number;
                        rejectedCount: number;
                        rejected: {
                            line: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMerchantWallet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                merchantId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The wallet balance and its latest entries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        merchantId: number;
                        balanceFen: number;
                        availableFen: number;
                        entries: {
                            entryId: number;
                            type: string;
                            businessDate: string;
                            amountFen: number;
                        }[];
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    payOutMerchantWallet: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path: {
                merchantId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "amountFen": 150000
                 *     }
                 */
                "application/json": {
                    amountFen: number;
                };
            };
        };
        responses: {
            /** @description Paid out to the merchant’s bank */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "payoutId": 311,
                     *       "amountFen": 150000,
                     *       "balanceFen": 42500
                     *     }
                     */
                    "application/json": {
                        payoutId: number;
                        amountFen: number;
                        balanceFen: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLoanOffer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                merchantId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The pre-approved line; options priced for the available amount */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Offer"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refreshCreditLines: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every line recomputed (the same workflow the nightly schedule runs) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        asOfDate: string | null;
                        merchants: number;
                        eligible: number;
                        durationMs: number;
                    };
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    applyForLoan: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "merchantId": 42,
                 *       "amountFen": 500000,
                 *       "termDays": 30,
                 *       "repaymentMethod": "installment",
                 *       "frequency": "daily"
                 *     }
                 */
                "application/json": {
                    merchantId: number;
                    amountFen: number;
                    termDays: number;
                    /** @enum {string} */
                    repaymentMethod: "installment" | "sales_share";
                    /** @enum {string} */
                    frequency?: "daily" | "weekly" | "monthly";
                    /** @description A refill: this loan of the merchant’s, at least 75% repaid, is paid off from the new loan; its principal does not count against the line */
                    refillOfLoanId?: number;
                };
            };
        };
        responses: {
            /** @description Decided; if approved, the money is in the wallet */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "applicationId": 1201,
                     *       "status": "approved",
                     *       "loanId": 877,
                     *       "reasons": [
                     *         {
                     *           "code": "steady_sales",
                     *           "text": "Your sales are steady from day to day."
                     *         }
                     *       ],
                     *       "decidedInMs": 184
                     *     }
                     */
                    "application/json": components["schemas"]["LoanApplication"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLoanApplication: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                applicationId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The application */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoanApplication"] & {
                        merchantId: number;
                        amountFen: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLoan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                loanId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The loan */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Loan"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLoans: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "booked" | "active" | "closed" | "written_off" | "defaulted";
                product?: "merchant" | "agri";
                borrowerId?: number;
                /** @description Days-past-due bucket as of the last close of business */
                bucket?: "current" | "1-30" | "31-60" | "61-90" | "90+";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Loans, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Loan"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    repayLoan: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path: {
                loanId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "amountFen": 12000
                 *     }
                 */
                "application/json": {
                    amountFen: number;
                };
            };
        };
        responses: {
            /** @description Paid from the borrower’s wallet; anything above what is owed stays in the wallet. On a written-off loan a recovery (shown as principal), at most what was written off less what was recovered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "allocation": {
                     *         "penaltyFen": 0,
                     *         "feesFen": 0,
                     *         "interestFen": 1850,
                     *         "principalFen": 10150,
                     *         "leftoverFen": 0
                     *       },
                     *       "outstanding": {
                     *         "principalFen": 489850,
                     *         "interestFen": 0,
                     *         "feesFen": 0,
                     *         "penaltyFen": 0,
                     *         "totalFen": 489850
                     *       }
                     *     }
                     */
                    "application/json": {
                        allocation: {
                            penaltyFen: number;
                            feesFen: number;
                            interestFen: number;
                            principalFen: number;
                            leftoverFen: number;
                        };
                        outstanding: {
                            principalFen: number;
                            interestFen: number;
                            feesFen: number;
                            penaltyFen: number;
                            totalFen: number;
                        };
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLoanTransactions: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                loanId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Disbursement, accruals, repayments with their allocation, waivers, write-offs, recoveries (what came home on a written-off loan, shown as principal) and reversals, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["LoanTransaction"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    writeOffLoan: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path: {
                loanId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "reason": "Merchant closed the shop; no contact for 120 days"
                 *     }
                 */
                "application/json": {
                    /** @description Why; kept in the audit log */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Done and audited */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Loan"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    waiveLoanPenalty: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path: {
                loanId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "amountFen": 1250,
                 *       "reason": "Payment delayed by the platform’s settlement outage"
                 *     }
                 */
                "application/json": {
                    amountFen: number;
                    /** @description Why; kept in the audit log */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Done and audited */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Loan"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    restructureLoan: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path: {
                loanId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "termDays": 90,
                 *       "reason": "Harvest failed; sales down by half until spring"
                 *     }
                 */
                "application/json": {
                    termDays: number;
                    /** @description Why; kept in the audit log */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Done and audited */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Loan"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPayoffQuote: {
        parameters: {
            query?: {
                date?: string;
            };
            header?: never;
            path: {
                loanId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What pays the loan off on that date (default: today); interest only to the day */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        loanId: number;
                        date: string;
                        payoffFen: number;
                        owed: {
                            penaltyFen: number;
                            feesFen: number;
                            interestFen: number;
                            principalFen: number;
                        };
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLoanAgreement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                loanId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The agreement and the consent recorded with the application */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoanAgreement"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditLog: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                subjectType?: string;
                subjectId?: string;
                action?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Audit entries, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AuditEntry"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPortfolioSummary: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The portfolio now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortfolioSummary"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    registerFarmer: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    externalRef: string;
                    name: string;
                    region: string;
                };
            };
        };
        responses: {
            /** @description The farmer, with its ledger accounts opened */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        externalRef: string;
                        name: string;
                        region?: string;
                        approved?: boolean;
                        createdAt: string;
                        farmerId: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    registerSupplier: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    externalRef: string;
                    name: string;
                    /** @description Starts unapproved unless true; an officer approves it later otherwise */
                    approved?: boolean;
                };
            };
        };
        responses: {
            /** @description The supplier, with its ledger accounts opened */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        externalRef: string;
                        name: string;
                        region?: string;
                        approved?: boolean;
                        createdAt: string;
                        supplierId: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    registerOfftaker: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    externalRef: string;
                    name: string;
                    /** @description Starts unapproved unless true; an officer approves it later otherwise */
                    approved?: boolean;
                };
            };
        };
        responses: {
            /** @description The offtaker, with its ledger accounts opened */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        externalRef: string;
                        name: string;
                        region?: string;
                        approved?: boolean;
                        createdAt: string;
                        offtakerId: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    registerInsurer: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    externalRef: string;
                    name: string;
                    /** @description Starts unapproved unless true; an officer approves it later otherwise */
                    approved?: boolean;
                };
            };
        };
        responses: {
            /** @description The insurer, with its ledger accounts opened */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        externalRef: string;
                        name: string;
                        region?: string;
                        approved?: boolean;
                        createdAt: string;
                        insurerId: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    decideSupplierApproval: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                supplierId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    decision: "approve" | "revoke";
                    /** @description Why; kept in the audit log */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The supplier, with `approved`. A revoked supplier's existing loans stand; it backs no new one */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        externalRef: string;
                        name: string;
                        region?: string;
                        approved?: boolean;
                        createdAt: string;
                        supplierId: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    decideOfftakerApproval: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                offtakerId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    decision: "approve" | "revoke";
                    /** @description Why; kept in the audit log */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The offtaker, with `approved`. A revoked offtaker's existing loans stand; it backs no new one */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        externalRef: string;
                        name: string;
                        region?: string;
                        approved?: boolean;
                        createdAt: string;
                        offtakerId: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    decideInsurerApproval: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                insurerId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    decision: "approve" | "revoke";
                    /** @description Why; kept in the audit log */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The insurer, with `approved`. A revoked insurer's existing loans stand; it backs no new one */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        externalRef: string;
                        name: string;
                        region?: string;
                        approved?: boolean;
                        createdAt: string;
                        insurerId: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFarmer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                farmerId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The farmer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        externalRef: string;
                        name: string;
                        region?: string;
                        approved?: boolean;
                        createdAt: string;
                        farmerId: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFarmerWallet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                farmerId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The farmer’s free (unrestricted) wallet: harvest proceeds beyond the loan */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        farmerId: number;
                        balanceFen: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putSupplierProduct: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                supplierId: number;
                sku: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Farm inputs: seed, fertilizer, pesticide, feed, veterinary, irrigation, equipment_rental; anything else is not */
                    category: string;
                    /** @example bag */
                    unit?: string;
                    priceFen: number;
                };
            };
        };
        responses: {
            /** @description Updated: a change of category, or a price past the tolerance above the reviewed reference, sends it back to pending_review */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SupplierProduct"];
                };
            };
            /** @description Created, pending_review until an officer reviews it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SupplierProduct"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createOfftakeContract: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    farmerId: number;
                    /** @example rice */
                    crop: string;
                    quantityKg: number;
                    priceFenPerKg: number;
                    /**
                     * Format: date
                     * @example 2026-01-01
                     */
                    deliveryFrom: string;
                    /**
                     * Format: date
                     * @example 2026-01-01
                     */
                    deliveryTo: string;
                    /** @description Days after each delivery its proceeds are due (default 7) */
                    paymentTermDays?: number;
                };
            };
        };
        responses: {
            /** @description Signed */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfftakeContract"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOfftakeContract: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contractId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The contract and its delivery progress */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfftakeContract"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestGuarantee: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                contractId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    insurerId: number;
                };
            };
        };
        responses: {
            /** @description Asked before: the first request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GuaranteeRequest"];
                };
            };
            /** @description Asked */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GuaranteeRequest"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listGuaranteeRequests: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Requests, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["GuaranteeRequest"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createGuaranteePolicy: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    farmerId: number;
                    contractId: number;
                    coverageBps: number;
                    premiumFen: number;
                };
            };
        };
        responses: {
            /** @description Active */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GuaranteePolicy"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    applyForFarmLoan: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "farmerId": 15,
                 *       "contractId": 31,
                 *       "policyId": 9,
                 *       "amountFen": 300000
                 *     }
                 */
                "application/json": {
                    farmerId: number;
                    contractId: number;
                    policyId: number;
                    amountFen: number;
                    /** @description At most this share (bps of the loan) may be spent on each category named */
                    categoryBudgets?: {
                        seed?: number;
                        fertilizer?: number;
                        pesticide?: number;
                        feed?: number;
                        veterinary?: number;
                        irrigation?: number;
                        equipment_rental?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Decided; if approved, the restricted wallet is funded */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "applicationId": 64,
                     *       "status": "approved",
                     *       "loanId": 902,
                     *       "restrictedWalletId": 902,
                     *       "approvedFen": 300000,
                     *       "reasons": []
                     *     }
                     */
                    "application/json": {
                        applicationId: number;
                        /** @enum {string} */
                        status: "approved" | "declined";
                        loanId?: number;
                        restrictedWalletId?: number;
                        approvedFen?: number;
                        reasons: {
                            code: string;
                            text: string;
                        }[];
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRestrictedWallet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                walletId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Balance, spend by category and what each budget has left */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RestrictedWallet"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    buyFarmInputs: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path: {
                walletId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "supplierId": 4,
                 *       "lines": [
                 *         {
                 *           "sku": "seed-pack",
                 *           "quantity": 3
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    supplierId: number;
                    lines: {
                        sku: string;
                        quantity: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description Paid to the supplier from the restricted wallet */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "purchaseId": 5120,
                     *       "walletId": 902,
                     *       "supplierId": 4,
                     *       "amountFen": 30000,
                     *       "refundedFen": 0,
                     *       "status": "paid",
                     *       "lines": [
                     *         {
                     *           "sku": "seed-pack",
                     *           "category": "seed",
                     *           "quantity": 3,
                     *           "unitPriceFen": 10000,
                     *           "amountFen": 30000,
                     *           "refundedQuantity": 0
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Purchase"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refundPurchase: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path: {
                purchaseId: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "lines": [
                 *         {
                 *           "sku": "seed-pack",
                 *           "quantity": 1
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    lines?: {
                        sku: string;
                        quantity: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description Refunded into the restricted wallet */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Purchase"] & {
                        refundFen: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPurchase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                purchaseId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The purchase */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Purchase"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRestrictedWalletAttempts: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                walletId?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Blocked attempts on restricted money (withdrawals, transfers, ineligible goods, unapproved suppliers), newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            attemptId: number;
                            walletId: number;
                            farmerId: number;
                            kind: string;
                            code: string;
                            detail: string;
                            principalRef: string;
                            businessDate: string;
                            at: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordDelivery: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path: {
                contractId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "quantityKg": 2000,
                 *       "deliveredOn": "2026-09-14"
                 *     }
                 */
                "application/json": {
                    quantityKg: number;
                    /**
                     * Format: date
                     * @example 2026-01-01
                     */
                    deliveredOn: string;
                };
            };
        };
        responses: {
            /** @description Recorded: the proceeds are owed by the offtaker, due `paymentTermDays` after delivery; its cash (POST /v1/offtaker-payments) repays the loan and pays the farmer. A delivery dated outside the contract’s window is refused (422 `delivery_outside_window`) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveryId: number;
                        contractId: number;
                        loanId: number | null;
                        quantityKg: number;
                        deliveredOn: string;
                        proceedsFen: number;
                        paidFen: number;
                        dueOn: string;
                        /** @enum {string} */
                        status: "awaiting_payment" | "partly_paid" | "paid";
                        reference: string;
                        sweptFen: number;
                        waterfall: {
                            penaltyFen: number;
                            feesFen: number;
                            interestFen: number;
                            principalFen: number;
                            toFarmerFen: number;
                        };
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listGuaranteeClaims: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "open" | "accepted" | "rejected" | "paid" | "withdrawn";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Claims (an insurer’s own), newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["GuaranteeClaim"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getGuaranteeClaimAgeing: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted and unpaid claims by days since acceptance; undecided ones by days since they opened */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClaimAgeing"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getGuaranteeClaim: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                claimId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The claim */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GuaranteeClaim"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    decideGuaranteeClaim: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path: {
                claimId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "decision": "partial",
                 *       "amountFen": 90000,
                 *       "reason": "Hail covered on 3 of 4 hectares"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    decision: "accept" | "partial" | "reject";
                    /** @description The part accepted (`partial` only) */
                    amountFen?: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Decided (audited). A rejection writes off what the loan owes (`writtenOffFen`); an acceptance waits for the insurer’s cash */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GuaranteeClaim"] & {
                        writtenOffFen: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    payGuaranteeClaim: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path: {
                claimId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "amountFen": 120000,
                 *       "reference": "CLM-77"
                 *     }
                 */
                "application/json": {
                    amountFen: number;
                    reference: string;
                };
            };
        };
        responses: {
            /** @description Recorded: the cash repaid the loan (penalty, fees, interest, principal), or was a recovery on a written-off loan. When the accepted amount is in, what the loan still owes is written off (`writtenOffFen`) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GuaranteeClaim"] & {
                        payment: {
                            amountFen: number;
                            reference: string;
                            allocation: {
                                penaltyFen: number;
                                feesFen: number;
                                interestFen: number;
                                principalFen: number;
                            };
                            recoveredFen: number;
                        };
                        writtenOffFen: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reviewSupplierProduct: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                supplierId: number;
                sku: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    decision: "approve" | "reject";
                    /** @description What the product really is */
                    category: string;
                    referencePriceFen: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The product as decided (audited). Approving a product already priced past the tolerance above the reference answers 422 price_above_reference */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SupplierProduct"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putInputPlan: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                contractId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    categories: ("seed" | "fertilizer" | "pesticide" | "feed" | "veterinary" | "irrigation" | "equipment_rental")[];
                    /** @description When given, the only products restricted money may buy (each in a planned category) */
                    skus?: {
                        supplierId: number;
                        sku: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description The plan: restricted money of a loan on this contract buys nothing outside it (422 not_in_input_plan) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        categories: string[];
                        /** @description When given, the only products restricted money may buy (each in a planned category) */
                        skus?: {
                            supplierId: number;
                            sku: string;
                        }[];
                        contractId: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSupplierSettlements: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                supplierId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The supplier’s settlements of its payable, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Settlement"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listInsurerSettlements: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                insurerId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The insurer’s settlements of the premiums withheld for it, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Settlement"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordSettlementResult: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path: {
                settlementId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "status": "paid",
                 *       "bankReference": "ICBC-20260914-0042"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    status: "paid" | "failed";
                    bankReference: string;
                };
            };
        };
        responses: {
            /** @description Paid: the money left the lender’s bank; failed: it is back in what the lender owes the party */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settlement"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReconciliation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `ok` when no balance differs from its documents; breaks in a stable order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reconciliation"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    payOutFarmerWallet: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path: {
                farmerId: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "amountFen": 80000
                 *     }
                 */
                "application/json": {
                    amountFen: number;
                };
            };
        };
        responses: {
            /** @description Paid out of the farmer’s free wallet to its bank (restricted money never) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "payoutId": 58,
                     *       "amountFen": 80000,
                     *       "balanceFen": 21400
                     *     }
                     */
                    "application/json": {
                        payoutId: number;
                        amountFen: number;
                        balanceFen: number;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordOfftakerPayment: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "offtakerId": 3,
                 *       "amountFen": 600000,
                 *       "paidOn": "2026-10-02",
                 *       "reference": "OFT-2026-0042"
                 *     }
                 */
                "application/json": {
                    offtakerId: number;
                    amountFen: number;
                    /**
                     * Format: date
                     * @example 2026-01-01
                     */
                    paidOn: string;
                    reference: string;
                    deliveryIds?: number[];
                };
            };
        };
        responses: {
            /** @description Recorded and applied */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "paymentId": 88,
                     *       "offtakerId": 3,
                     *       "amountFen": 600000,
                     *       "paidOn": "2026-10-02",
                     *       "reference": "OFT-2026-0042",
                     *       "applied": [
                     *         {
                     *           "deliveryId": 240,
                     *           "amountFen": 600000,
                     *           "waterfall": {
                     *             "penaltyFen": 0,
                     *             "feesFen": 0,
                     *             "interestFen": 9600,
                     *             "principalFen": 300000,
                     *             "toFarmerFen": 290400
                     *           }
                     *         }
                     *       ],
                     *       "unappliedFen": 0
                     *     }
                     */
                    "application/json": components["schemas"]["OfftakerPayment"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listOfftakerReceivables: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                offtakerId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The offtaker’s unpaid proceeds, oldest first, each with days past its due date and its bucket */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        offtakerId: number;
                        asOf: string;
                        openFen: number;
                        buckets: {
                            current: number;
                            "1-30": number;
                            "31-60": number;
                            "61-90": number;
                            "90+": number;
                        };
                        items: {
                            deliveryId: number;
                            contractId: number;
                            loanId: number | null;
                            farmerId: number;
                            deliveredOn: string;
                            dueOn: string;
                            proceedsFen: number;
                            paidFen: number;
                            openFen: number;
                            status: string;
                            reference: string;
                            daysOverdue: number;
                            /** @enum {string} */
                            bucket: "current" | "1-30" | "31-60" | "61-90" | "90+";
                        }[];
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importBankStatement: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
            };
        };
        responses: {
            /** @description What was matched and what is left for an officer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        matched: number;
                        unmatched: {
                            line: number;
                            lineId: number;
                            reference: string;
                            amountFen: number;
                            /** @enum {string} */
                            status: "matched" | "unmatched";
                            reason: string | null;
                            paymentId: number | null;
                        }[];
                        lines: {
                            line: number;
                            lineId: number;
                            reference: string;
                            amountFen: number;
                            /** @enum {string} */
                            status: "matched" | "unmatched";
                            reason: string | null;
                            paymentId: number | null;
                        }[];
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBankStatementLines: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "matched" | "unmatched";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Imported bank statement lines, newest first (`?status=unmatched`: those left for an officer) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["BankStatementLine"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPurchaseRequests: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "awaiting_farmer" | "confirmed" | "cancelled" | "expired" | "locked";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller’s purchase requests, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PurchaseRequest"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPurchaseRequest: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "farmerId": 15,
                 *       "lines": [
                 *         {
                 *           "sku": "seed-pack",
                 *           "quantity": 3
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    farmerId: number;
                    lines: {
                        sku: string;
                        quantity: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description Rung up and checked as a purchase would be; nothing paid until the farmer confirms */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "requestId": 731,
                     *       "walletId": 902,
                     *       "farmerId": 15,
                     *       "supplierId": 4,
                     *       "amountFen": 30000,
                     *       "lines": [
                     *         {
                     *           "sku": "seed-pack",
                     *           "quantity": 3
                     *         }
                     *       ],
                     *       "status": "awaiting_farmer",
                     *       "expiresAt": "2026-04-02T08:15:00.000Z",
                     *       "purchaseId": null
                     *     }
                     */
                    "application/json": components["schemas"]["PurchaseRequest"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPurchaseRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                requestId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The purchase request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseRequest"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    confirmPurchaseRequest: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Required: this request moves money. A retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key": string;
            };
            path: {
                requestId: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "code": "482913"
                 *     }
                 */
                "application/json": {
                    /** @description The code the farmer told the supplier (the supplier’s confirmation only). */
                    code?: string;
                };
            };
        };
        responses: {
            /** @description Paid from the restricted wallet, with the same checks as a purchase */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "purchaseId": 5121,
                     *       "amountFen": 30000,
                     *       "status": "paid"
                     *     }
                     */
                    "application/json": {
                        purchaseId: number;
                        amountFen: number;
                        /** @enum {string} */
                        status: "paid";
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelPurchaseRequest: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                requestId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled: nothing will be paid */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseRequest"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                type?: "offer.created" | "offer.expired" | "application.approved" | "application.declined" | "loan.disbursed" | "loan.repayment_applied" | "loan.became_delinquent" | "loan.closed" | "loan.written_off" | "restricted_purchase.paid" | "restricted_purchase.refused" | "restricted_wallet.breach_attempt" | "purchase_request.created" | "purchase_request.confirmed" | "purchase_request.cancelled" | "purchase_request.expired" | "purchase_request.locked" | "delivery.recorded" | "delivery.overdue" | "delivery.paid" | "offtaker_payment.received" | "claim.opened" | "claim.accepted" | "claim.rejected" | "claim.paid" | "claim.overdue" | "supplier_settlement.created" | "supplier_settlement.paid" | "supplier_settlement.failed" | "insurer_settlement.created" | "insurer_settlement.paid" | "insurer_settlement.failed";
                subjectId?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events about the caller’s own records, oldest first after the cursor */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Event"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller’s endpoints */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WebhookEndpoint"][];
                    };
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url: string;
                    eventTypes: ("offer.created" | "offer.expired" | "application.approved" | "application.declined" | "loan.disbursed" | "loan.repayment_applied" | "loan.became_delinquent" | "loan.closed" | "loan.written_off" | "restricted_purchase.paid" | "restricted_purchase.refused" | "restricted_wallet.breach_attempt" | "purchase_request.created" | "purchase_request.confirmed" | "purchase_request.cancelled" | "purchase_request.expired" | "purchase_request.locked" | "delivery.recorded" | "delivery.overdue" | "delivery.paid" | "offtaker_payment.received" | "claim.opened" | "claim.accepted" | "claim.rejected" | "claim.paid" | "claim.overdue" | "supplier_settlement.created" | "supplier_settlement.paid" | "supplier_settlement.failed" | "insurer_settlement.created" | "insurer_settlement.paid" | "insurer_settlement.failed" | "*")[];
                };
            };
        };
        responses: {
            /** @description Registered; the signing secret is shown only here */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"] & {
                        /** @description Shown once; null when an Idempotency-Key replay answers */
                        secret: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                endpointId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted: no more deliveries */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                endpointId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deliveries and their attempts, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WebhookDelivery"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryWebhookDelivery: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                endpointId: number;
                deliveryId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued to be sent again now */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveryId: number;
                        /** @enum {string} */
                        status: "pending";
                    };
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewSchedule: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SchedulePreviewRequest"];
            };
        };
        responses: {
            /** @description The schedule, exact to the fen, with the APR */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchedulePreview"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused by a business rule */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSignInLink: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional: a retry with the same key and body answers the first response.
                 * @example 2f1c6a0e-8d2b-4a57-9b1e-0c4f3f6a9d10
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "merchant" | "farmer" | "supplier" | "offtaker" | "insurer";
                    subjectId: number;
                };
            };
        };
        responses: {
            /** @description The link */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInLink"];
                };
            };
            /** @description Malformed request (`validation_failed`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused; see the refusals above */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
