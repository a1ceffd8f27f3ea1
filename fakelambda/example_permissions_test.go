package fakelambda_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// Allow S3 to invoke a function: AddPermission answers the statement as
// Lambda writes it, GetPolicy the whole policy with its own RevisionId, and
// a second statement with the same id is refused as Lambda refuses it.
func ExampleFake_permissions() {
	ctx := context.Background()
	fake := fakelambda.New()
	client := lambda.NewFromConfig(middleware.Config(fake))
	_, err := client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("thumbnails"),
		Role:         aws.String("arn:aws:iam::123456789012:role/lambda-role"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("fake zip")},
	})
	exampleMust(err)

	allowS3 := &lambda.AddPermissionInput{
		FunctionName:  aws.String("thumbnails"),
		StatementId:   aws.String("s3-uploads"),
		Action:        aws.String("lambda:InvokeFunction"),
		Principal:     aws.String("s3.amazonaws.com"),
		SourceArn:     aws.String("arn:aws:s3:::uploads"),
		SourceAccount: aws.String("123456789012"),
	}
	added, err := client.AddPermission(ctx, allowS3)
	exampleMust(err)
	fmt.Println(*added.Statement)

	policy, err := client.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String("thumbnails")})
	exampleMust(err)
	var doc struct {
		Version, Id string
		Statement   []struct{ Sid string }
	}
	exampleMust(json.Unmarshal([]byte(*policy.Policy), &doc))
	fmt.Println(doc.Version, doc.Id, len(doc.Statement), doc.Statement[0].Sid, *policy.RevisionId != "")

	_, err = client.AddPermission(ctx, allowS3)
	var conflict *types.ResourceConflictException
	fmt.Println(errors.As(err, &conflict), conflict.ErrorMessage())
	// Output:
	// {"Sid":"s3-uploads","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:thumbnails","Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::uploads"}}}
	// 2012-10-17 default 1 s3-uploads true
	// true The statement id (s3-uploads) provided already exists. Please provide a new statement id, or remove the existing statement.
}
