package fakelambda_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

const esmTable = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000"

func item(id string) map[string]any { return map[string]any{"id": map[string]any{"S": id}} }

// The DynamoDB envelope (view types, SizeBytes), FilterCriteria on
// eventName and images, and the checkpoint.
func TestDynamoDBDelivery(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "consumer")
		var events []map[string]any
		e.fake.SetHandler("consumer", func(_ context.Context, p []byte) ([]byte, error) {
			var ev struct{ Records []map[string]any }
			require.NoError(t, json.Unmarshal(p, &ev))
			events = append(events, ev.Records...)
			return nil, nil
		})
		e.createESM(t, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("consumer"), EventSourceArn: aws.String(esmTable),
			StartingPosition: types.EventSourcePositionTrimHorizon,
			FilterCriteria:   &types.FilterCriteria{Filters: []types.Filter{{Pattern: aws.String(`{"eventName":["MODIFY","REMOVE"]}`)}}}})
		img := map[string]any{"id": map[string]any{"S": "a"}, "n": map[string]any{"N": "42"}}
		_, err := e.fake.PutDynamoDBRecords(esmTable,
			fakelambda.DynamoDBRecord{EventName: "INSERT", Keys: item("a"), NewImage: img},
			fakelambda.DynamoDBRecord{EventName: "MODIFY", Keys: item("a"), NewImage: img, OldImage: img},
			fakelambda.DynamoDBRecord{EventName: "REMOVE", Keys: item("a"), OldImage: img, StreamViewType: "KEYS_ONLY"})
		require.NoError(t, err)
		require.Equal(t, 1, e.fake.RunEventSources(e.ctx))
		require.Len(t, events, 2)
		require.Equal(t, "MODIFY", events[0]["eventName"])
		d := events[0]["dynamodb"].(map[string]any)
		require.Equal(t, "NEW_AND_OLD_IMAGES", d["StreamViewType"])
		require.Equal(t, float64(3+6+6), d["SizeBytes"]) // keys ("id"+"a") + new and old ("id"+"a", "n"+42 in 2 bytes)
		require.Contains(t, d, "OldImage")
		require.Equal(t, float64(epoch.Unix()), d["ApproximateCreationDateTime"])
		k := events[1]["dynamodb"].(map[string]any)
		require.NotContains(t, k, "OldImage")
		require.Equal(t, "KEYS_ONLY", k["StreamViewType"])
		require.Equal(t, "aws:dynamodb", events[1]["eventSource"])
		require.Equal(t, 0, e.fake.RunEventSources(e.ctx))
		require.Len(t, e.fake.StreamRecords(esmTable), 3)
	})
}

func TestPutDynamoDBRecordsBadInput(t *testing.T) {
	f := fakelambda.New()
	for _, r := range []fakelambda.DynamoDBRecord{
		{EventName: "UPSERT", Keys: item("a")},
		{EventName: "INSERT"},
		{EventName: "INSERT", Keys: item("a"), OldImage: item("a")},
		{EventName: "REMOVE", Keys: item("a"), NewImage: item("a")},
		{EventName: "INSERT", Keys: map[string]any{"id": "plain"}},
		{EventName: "INSERT", Keys: map[string]any{"id": map[string]any{"X": "1"}}},
		{EventName: "INSERT", Keys: item("a"), StreamViewType: "ALL"},
	} {
		_, err := f.PutDynamoDBRecords(esmTable, fakelambda.DynamoDBRecord{EventName: "INSERT", Keys: item("ok")}, r)
		require.Error(t, err, "%+v", r)
	}
	_, err := f.PutDynamoDBRecords(esmStream, fakelambda.DynamoDBRecord{EventName: "INSERT", Keys: item("a")})
	require.Error(t, err)
	require.Empty(t, f.StreamRecords(esmTable))
}
